package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.context.internal.TempFiles;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Writes ctx values to a JSON file: the chosen keys (or all of them) as one JSON object.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 3
 *   name: export_metrics
 *   type: java
 *   class: dev.orchestrator.scriptlets.WriteJson
 *   params: {output: reports/metrics.json, keys: [metrics, metrics_columns]}
 *   success: {files_exist: [reports/metrics.json]}
 * </pre>
 */
@ScriptletDoc(
        name = "write-json",
        description = "Write ctx keys (or the whole ctx) to a JSON file in the workspace.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.WriteJson --output FILE [--keys a,b] [--pretty false] [--ctx-file CTX]",
        params = {
            @Param(name = "output", type = ParamType.PATH, required = true,
                    help = "workspace-relative file to write; folders are created"),
            @Param(name = "keys", type = ParamType.LIST, help = "ctx keys to write, in this order (default: every key)"),
            @Param(name = "pretty", type = ParamType.BOOL, defaultValue = "true", help = "indent the JSON")
        },
        examples = {
            "java -cp engine.jar:scriptlets.jar dev.orchestrator.scriptlets.WriteJson --ctx-file ctx.json --output Data/out.json --keys metrics"
        },
        limitations = "Fails (exit 1) when a requested key is not in ctx. The file is replaced atomically.")
@API(status = STABLE, since = "0.1")
public final class WriteJson extends BaseScriptlet {

    // One mapper for the class: ObjectMapper is thread-safe once configured.
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks the parameters before anything runs. The declared ones (@Param above) are already checked:
     * a missing --output or a non-boolean --pretty never gets here (exit 2).
     */
    @Override
    public void validate(Context ctx, Params params) {
        String output = params.string("output");
        // resolve() refuses paths that leave the workspace.
        resolve(output);
        if (output.isBlank()) {
            throw new InvalidParamsException("parameter 'output' must not be empty");
        }
    }

    /** Collects the keys, writes the file atomically and reports what it wrote. */
    @Override
    public Object run(Context ctx, Params params) throws Exception {
        // The keys to write: the requested ones, or every key in ctx.
        List<String> keys = params.strings("keys");
        if (keys.isEmpty()) {
            keys = new ArrayList<>(ctx.keys());
        }
        // Build the object in the requested order; a missing key is a failure, not a silent gap.
        ObjectNode out = JSON.createObjectNode();
        for (String key : keys) {
            JsonNode value = ctx.get(key);
            if (value == null) {
                throw new IllegalStateException("ctx has no key '" + key + "' (keys: " + ctx.keys() + ")");
            }
            out.set(key, value);
        }
        // Write to a temporary file next to the target, then move it into place: readers never see half a file.
        Path target = resolve(params.string("output"));
        Files.createDirectories(target.getParent());
        // TempFiles, not Files.createTempFile: the output gets the usual permissions (the umask's), not 0600.
        Path temp = TempFiles.createBeside(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        boolean pretty = params.bool("pretty", true);
        String text = pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) : JSON.writeValueAsString(out);
        Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log().info("wrote %d key(s) to %s", keys.size(), target);
        // The result: what was written where (shown in the step log and printed by the CLI).
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("output", workspace().relativize(target).toString());
        result.put("keys", keys);
        return result;
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.WriteJson --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new WriteJson(), args);
    }
}
