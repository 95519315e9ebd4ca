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
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Copies values from inside ctx values into new ctx keys: {@code select: {new_key: "ctx reference"}}, a
 * reference being a ctx key and a path ({@code http_response/body/0/id} or {@code http_response.body[0].id}).
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 6
 *   name: pick_first_user
 *   type: java
 *   class: dev.orchestrator.scriptlets.JsonQuery
 *   params:
 *     select: {first_user_id: "http_response.body[0].id", first_email: "http_response/body/0/email"}
 * </pre>
 */
@ScriptletDoc(
        name = "json-query",
        description = "Copy values found at paths inside ctx values into ctx keys.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.JsonQuery --ctx-file CTX --select '{\"id\": \"resp.body[0].id\"}'",
        params = {
            @Param(name = "select", type = ParamType.MAP, required = true,
                    help = "new ctx key -> ctx reference (key plus JSON Pointer or a.b[0] path)"),
            @Param(name = "default", type = ParamType.JSON, help = "stored when a reference finds nothing (default: fail)")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.JsonQuery --ctx-file ctx.json --select '{\"status\": \"http_response/status\"}'"},
        limitations = "JSON Pointer and the dotted form only (no JSONPath wildcards or filters). "
                + "A key containing '.', '/' or '[' must be reached by a JSON Pointer after its parent.")
@API(status = EXPERIMENTAL)
public final class JsonQuery extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        JsonNode select = params.node("select").orElseThrow(
                () -> new InvalidParamsException("parameter 'select' is required (an object)"));
        if (!select.isObject() || select.isEmpty()) {
            throw new InvalidParamsException("parameter 'select' must be a non-empty object: key -> reference");
        }
    }

    @Override
    public Object run(Context ctx, Params params) {
        Map<String, Object> found = new LinkedHashMap<>();
        JsonNode fallback = params.node("default").orElse(null);
        for (Map.Entry<String, JsonNode> entry : params.node("select").orElseThrow().properties()) {
            String reference = entry.getValue().asText();
            JsonNode value = Support.ref(ctx, reference);
            if (value == null && fallback == null) {
                throw new IllegalStateException("nothing at '" + reference + "' (ctx keys: " + ctx.keys() + ")");
            }
            JsonNode stored = value == null ? fallback : value;
            ctx.set(entry.getKey(), stored);
            found.put(entry.getKey(), value == null ? "default" : stored.getNodeType().name().toLowerCase());
            log().info("%s <- %s%s", entry.getKey(), reference, value == null ? " (nothing there: the default)" : "");
        }
        return found;
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.JsonQuery --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new JsonQuery(), args);
    }
}
