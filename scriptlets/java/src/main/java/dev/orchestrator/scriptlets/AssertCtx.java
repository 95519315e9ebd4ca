package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import dev.orchestrator.secrets.Masker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Asserts ctx values against expected JSON and fails with every mismatch listed.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 4
 *   name: check_metrics
 *   type: java
 *   class: dev.orchestrator.scriptlets.AssertCtx
 *   params:
 *     expected: {metrics_columns: [price, qty, weight]}
 *     subset: true
 * </pre>
 */
@ScriptletDoc(
        name = "assert-ctx",
        description = "Assert that ctx values equal the expected JSON; fail listing every mismatch.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.AssertCtx --expected JSON [--subset true] --ctx-file CTX",
        params = {
            @Param(name = "expected", type = ParamType.MAP, required = true, help = "ctx key -> expected value"),
            @Param(name = "subset", type = ParamType.BOOL, defaultValue = "false",
                    help = "objects in ctx may hold more fields than expected"),
            @Param(name = "tolerance", type = ParamType.NUMBER, defaultValue = "0",
                    help = "numbers may differ by this much")
        },
        examples = {
            "java -cp engine.jar:scriptlets.jar dev.orchestrator.scriptlets.AssertCtx --ctx-file ctx.json --expected '{\"rows\": 20}'"
        },
        limitations = "Compares whole top-level values; arrays must match element by element, in order. "
                + "Values under secret-looking keys (password, token, api_key, …) are never printed.")
@API(status = STABLE, since = "0.1")
public final class AssertCtx extends BaseScriptlet {

    /**
     * Keeps secrets out of the message where it is built: values under secret-looking keys, and the values of
     * {@code ORCH_SECRET_*} variables (when run alone); in a run the engine masks the message again.
     */
    private static final Masker SECRETS = Masker.create(System.getenv());

    /** Compares each expected key and throws an AssertionError naming every mismatch. */
    @Override
    public Object run(Context ctx, Params params) {
        ObjectNode expected = (ObjectNode) params.node("expected").orElseThrow();
        boolean subset = params.bool("subset", false);
        double tolerance = Double.parseDouble(params.optionalString("tolerance").orElse("0"));
        // Collect every mismatch instead of stopping at the first: the user fixes them all in one go.
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : expected.properties()) {
            JsonNode actual = ctx.get(entry.getKey());
            if (actual == null) {
                mismatches.add(entry.getKey() + ": expected " + shown(entry.getKey(), entry.getValue())
                        + ", found no such key");
            } else {
                compare(entry.getKey(), entry.getValue(), actual, subset, tolerance, mismatches);
            }
        }
        if (!mismatches.isEmpty()) {
            throw new AssertionError("ctx does not match (" + mismatches.size() + " mismatch"
                    + (mismatches.size() == 1 ? "" : "es") + "):\n  " + String.join("\n  ", mismatches));
        }
        log().info("%d ctx key(s) match", expected.size());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("checked", expected.size());
        return result;
    }

    /** Recursive comparison; {@code path} names the place for messages (e.g. {@code metrics.price.mean}). */
    private static void compare(String path, JsonNode expected, JsonNode actual, boolean subset, double tolerance,
                                List<String> mismatches) {
        if (expected.isNumber() && actual.isNumber()) {
            if (Math.abs(expected.asDouble() - actual.asDouble()) > tolerance) {
                mismatches.add(differs(path, expected, actual));
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                JsonNode inner = actual.get(field.getKey());
                if (inner == null) {
                    mismatches.add(path + "." + field.getKey() + ": expected "
                            + shown(field.getKey(), field.getValue()) + ", found nothing");
                } else {
                    compare(path + "." + field.getKey(), field.getValue(), inner, subset, tolerance, mismatches);
                }
            }
            if (!subset && actual.size() != expected.size()) {
                mismatches.add(path + ": expected exactly the fields of " + SECRETS.mask(expected) + ", found "
                        + SECRETS.mask(actual));
            }
            return;
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), subset, tolerance, mismatches);
            }
            return;
        }
        if (!expected.equals(actual)) {
            mismatches.add(differs(path, expected, actual));
        }
    }

    /** A mismatch at {@code path}; under a secret-looking key, without either value. */
    private static String differs(String path, JsonNode expected, JsonNode actual) {
        String key = lastKey(path);
        if (SECRETS.isSecretKey(key)) {
            // no "key: value" shape either: the engine's masker would take the next word for the value
            return path + " differs from the expected value (values of secret keys are not shown)";
        }
        return path + ": expected " + SECRETS.mask(expected) + ", found " + SECRETS.mask(actual);
    }

    private static String shown(String key, JsonNode value) {
        return SECRETS.mask(key, value).toString();
    }

    /** {@code a.b[2]} → {@code b}; {@code token} → {@code token}. */
    private static String lastKey(String path) {
        String withoutIndexes = path.replaceAll("\\[\\d+]$", "").replaceAll("\\[\\d+]", "");
        int dot = withoutIndexes.lastIndexOf('.');
        return dot < 0 ? withoutIndexes : withoutIndexes.substring(dot + 1);
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.AssertCtx --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new AssertCtx(), args);
    }
}
