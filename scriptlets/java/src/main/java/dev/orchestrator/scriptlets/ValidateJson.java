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
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Validates a JSON or YAML file, or a ctx value, against a JSON Schema (drafts 4 to 2020-12, by the
 * schema's {@code $schema}; 2020-12 when absent) and fails listing every violation.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 3
 *   name: users_follow_schema
 *   type: java
 *   class: dev.orchestrator.scriptlets.ValidateJson
 *   params: {schema: Data/users.schema.json, value: fake_users}
 * </pre>
 */
@ScriptletDoc(
        name = "validate-json",
        description = "Validate a JSON/YAML file or a ctx value against a JSON Schema.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.ValidateJson --schema FILE (--input FILE | --value REF)",
        params = {
            @Param(name = "schema", type = ParamType.PATH, required = true, help = "the JSON Schema (JSON or YAML file)"),
            @Param(name = "input", type = ParamType.PATH, help = "the JSON or YAML file to check"),
            @Param(name = "value", help = "or: a ctx reference (key plus optional path) to check")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.ValidateJson --schema Data/users.schema.json --input Data/users.json"},
        limitations = "Schemas must be self-contained ($defs): a $ref to a URL is refused, nothing is downloaded. "
                + "The 'format' keyword is not asserted (as the 2020-12 default says).")
@API(status = EXPERIMENTAL)
public final class ValidateJson extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        if (!Files.isRegularFile(resolve(params.string("schema")))) {
            throw new InvalidParamsException("schema file not found: " + params.string("schema"));
        }
        if (params.has("input") == params.has("value")) {
            throw new InvalidParamsException("give exactly one of 'input' and 'value'");
        }
        params.optionalString("input").ifPresent(this::resolve);
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        JsonNode schema = Support.readFile(resolve(params.string("schema")), "auto");
        String what = params.optionalString("input").orElseGet(() -> "ctx " + params.string("value"));
        JsonNode value = params.has("input") ? Support.readFile(resolve(params.string("input")), "auto")
                : Support.ref(ctx, params.string("value"));
        if (value == null) {
            throw new IllegalStateException("nothing at ctx reference '" + params.string("value") + "'");
        }
        List<String> violations = Schemas.violations(schema, value);
        if (!violations.isEmpty()) {
            throw new AssertionError(what + " violates " + params.string("schema") + " (" + violations.size()
                    + "):\n  " + String.join("\n  ", violations));
        }
        log().info("%s satisfies %s", what, params.string("schema"));
        return Map.of("valid", true);
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.ValidateJson --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new ValidateJson(), args);
    }
}
