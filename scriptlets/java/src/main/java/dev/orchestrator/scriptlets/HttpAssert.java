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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Checks an answer stored by {@link HttpRequest}: its status, headers (regular expressions), values inside a
 * JSON body (JSON Pointer or {@code a.b[0]} paths, numbers with a tolerance) and the body against a JSON
 * Schema. Fails listing every mismatch at once.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 5
 *   name: check_users
 *   type: java
 *   class: dev.orchestrator.scriptlets.HttpAssert
 *   params:
 *     status: 200
 *     headers: {content-type: "application/json.*"}
 *     json: {/0/id: 1, "[0].email": "ada@example.org"}
 *     schema: Data/users.schema.json
 * </pre>
 */
@ScriptletDoc(
        name = "http-assert",
        description = "Assert status, headers, JSON values and the JSON Schema of an answer stored by http-request.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.HttpAssert --ctx-file CTX [--status 200] [--json '{\"/id\": 1}'] [--schema FILE]",
        params = {
            @Param(name = "response", defaultValue = "http_response", help = "ctx key of the answer (http-request's save_as)"),
            @Param(name = "status", type = ParamType.INT, help = "the expected status"),
            @Param(name = "headers", type = ParamType.MAP, help = "header name -> regular expression its whole value must match (names in any case)"),
            @Param(name = "json", type = ParamType.MAP, help = "path in the body (JSON Pointer or a.b[0]) -> expected JSON value"),
            @Param(name = "tolerance", type = ParamType.NUMBER, defaultValue = "0", help = "numbers may differ by this much"),
            @Param(name = "body_contains", help = "text the body (as text or compact JSON) must contain"),
            @Param(name = "schema", type = ParamType.PATH, help = "a JSON Schema file (JSON or YAML) in the workspace the body must satisfy")
        },
        examples = {
            "java -cp … dev.orchestrator.scriptlets.HttpAssert --ctx-file ctx.json --status 200 --json '{\"/total\": 3}'"
        },
        limitations = "JSON Pointer and the dotted a.b[0] form only (no JSONPath filters). "
                + "Schemas must be self-contained: a $ref to a URL is refused, nothing is downloaded.")
@API(status = EXPERIMENTAL)
public final class HttpAssert extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        for (String map : List.of("headers", "json")) {
            if (params.has(map) && !params.node(map).orElseThrow().isObject()) {
                throw new InvalidParamsException("parameter '" + map + "' must be an object");
            }
        }
        params.optionalString("schema").ifPresent(this::resolve);
        params.node("headers").ifPresent(h -> h.properties().forEach(e -> Pattern.compile(e.getValue().asText())));
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        String key = params.optionalString("response").orElse("http_response");
        JsonNode response = ctx.get(key);
        if (response == null || !response.has("status")) {
            throw new IllegalStateException("ctx has no HTTP answer under '" + key + "' (run http-request first)");
        }
        List<String> mismatches = new ArrayList<>();
        int checks = 0;
        if (params.has("status")) {
            checks++;
            long expected = params.integer("status", 0);
            if (response.get("status").asLong() != expected) {
                mismatches.add("status: expected " + expected + ", found " + response.get("status").asLong());
            }
        }
        JsonNode headers = response.path("headers");
        for (Map.Entry<String, JsonNode> header : params.node("headers").map(JsonNode::properties).orElse(java.util.Set.of())) {
            checks++;
            JsonNode actual = headers.get(header.getKey().toLowerCase(Locale.ROOT));
            if (actual == null) {
                mismatches.add("header " + header.getKey() + ": missing");
            } else if (!Pattern.compile(header.getValue().asText()).matcher(actual.asText()).matches()) {
                mismatches.add("header " + header.getKey() + ": '" + actual.asText() + "' does not match '" + header.getValue().asText() + "'");
            }
        }
        JsonNode body = response.get("body");
        JsonCompare compare = new JsonCompare(Support.number(params, "tolerance", 0), false);
        for (Map.Entry<String, JsonNode> value : params.node("json").map(JsonNode::properties).orElse(java.util.Set.of())) {
            checks++;
            compare.compare("body " + value.getKey(), value.getValue(), Support.at(body, value.getKey()), mismatches);
        }
        if (params.has("body_contains")) {
            checks++;
            String text = body.isTextual() ? body.asText() : body.toString();
            if (!text.contains(params.string("body_contains"))) {
                mismatches.add("body does not contain '" + params.string("body_contains") + "'");
            }
        }
        if (params.has("schema")) {
            checks++;
            JsonNode schema = Support.readFile(resolve(params.string("schema")), "auto");
            Schemas.violations(schema, body).forEach(v -> mismatches.add("schema: " + v));
        }
        if (!mismatches.isEmpty()) {
            throw new AssertionError("HTTP answer '" + key + "' does not match (" + mismatches.size() + " mismatch"
                    + (mismatches.size() == 1 ? "" : "es") + "):\n  " + String.join("\n  ", mismatches));
        }
        log().info("%d check(s) of '%s' passed", checks, key);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("checked", checks);
        return result;
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.HttpAssert --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new HttpAssert(), args);
    }
}
