package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Reads a JSON or YAML file of the workspace into one ctx key, optionally only the part at a path.
 * YAML is read safely: no type tags, duplicate keys refused, aliases and size capped.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 1
 *   name: load_expected
 *   type: java
 *   class: dev.orchestrator.scriptlets.ReadData
 *   params: {input: Data/expected.yaml, into: expected, path: users}
 * </pre>
 */
@ScriptletDoc(
        name = "read-data",
        description = "Read a JSON or YAML file (or the part at a path) into a ctx key.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.ReadData --input FILE --into KEY [--path /a/0] [--format yaml]",
        params = {
            @Param(name = "input", type = ParamType.PATH, required = true, help = "the JSON or YAML file, workspace-relative"),
            @Param(name = "into", required = true, help = "ctx key to store the value under"),
            @Param(name = "path", help = "only the value at this JSON Pointer or a.b[0] path (default: the whole document)"),
            @Param(name = "format", defaultValue = "auto", help = "auto (by extension: .yaml/.yml are YAML), json or yaml")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.ReadData --input Data/config.yaml --into config --ctx-file ctx.json"},
        limitations = "One document per file. YAML tags (!!java…, !!binary) and duplicate keys are refused; "
                + "YAML dates stay text.")
@API(status = EXPERIMENTAL)
public final class ReadData extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        Path input = resolve(params.string("input"));
        if (!Files.isRegularFile(input)) {
            throw new InvalidParamsException("input file not found: " + params.string("input"));
        }
        params.string("into");
        params.optionalString("path").ifPresent(Support::pointer);
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        JsonNode document = Support.readFile(resolve(params.string("input")), params.optionalString("format").orElse("auto"));
        String path = params.optionalString("path").orElse("");
        JsonNode value = Support.at(document, path);
        if (value == null) {
            throw new IllegalStateException(params.string("input") + " has nothing at '" + path + "'");
        }
        ctx.set(params.string("into"), value);
        log().info("read %s%s into '%s' (%s)", params.string("input"), path.isEmpty() ? "" : " at " + path,
                params.string("into"), value.getNodeType().name().toLowerCase());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("into", params.string("into"));
        result.put("type", value.getNodeType().name().toLowerCase());
        result.put("size", value.size());
        return result;
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.ReadData --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new ReadData(), args);
    }
}
