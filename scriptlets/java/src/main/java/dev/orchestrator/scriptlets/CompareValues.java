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
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Compares two values deeply — a ctx reference with another ctx reference or with a literal — with an
 * absolute numeric tolerance, and fails listing every difference with its path.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 7
 *   name: users_match_generated
 *   type: java
 *   class: dev.orchestrator.scriptlets.CompareValues
 *   params: {actual: http_response.body, expected_ref: fake_users, tolerance: 0.001}
 * </pre>
 */
@ScriptletDoc(
        name = "compare-values",
        description = "Compare a ctx value with another one or a literal; numbers within a tolerance.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.CompareValues --ctx-file CTX --actual REF (--expected JSON | --expected_ref REF)",
        params = {
            @Param(name = "actual", required = true, help = "ctx reference: key plus optional JSON Pointer or a.b[0] path"),
            @Param(name = "expected", type = ParamType.JSON, help = "the expected JSON value"),
            @Param(name = "expected_ref", help = "or: a ctx reference to the expected value"),
            @Param(name = "tolerance", type = ParamType.NUMBER, defaultValue = "0", help = "numbers may differ by this much"),
            @Param(name = "subset", type = ParamType.BOOL, defaultValue = "false", help = "objects of actual may have more fields")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.CompareValues --ctx-file ctx.json --actual metrics.price.mean --expected 10.5 --tolerance 0.01"},
        limitations = "Arrays are compared in order. Values under secret-looking keys are not shown in messages.")
@API(status = EXPERIMENTAL)
public final class CompareValues extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        params.string("actual");
        if (params.has("expected") == params.has("expected_ref")) {
            throw new InvalidParamsException("give exactly one of 'expected' and 'expected_ref'");
        }
        if (Support.number(params, "tolerance", 0) < 0) {
            throw new InvalidParamsException("parameter 'tolerance' must not be negative");
        }
    }

    @Override
    public Object run(Context ctx, Params params) {
        JsonNode actual = Support.ref(ctx, params.string("actual"));
        JsonNode expected = params.has("expected") ? params.node("expected").orElseThrow()
                : Support.ref(ctx, params.string("expected_ref"));
        if (expected == null) {
            throw new IllegalStateException("nothing at expected_ref '" + params.string("expected_ref") + "'");
        }
        List<String> differences = new ArrayList<>();
        new JsonCompare(Support.number(params, "tolerance", 0), params.bool("subset", false))
                .compare(params.string("actual"), expected, actual, differences);
        if (!differences.isEmpty()) {
            throw new AssertionError(differences.size() + " difference(s):\n  " + String.join("\n  ", differences));
        }
        log().info("%s matches", params.string("actual"));
        return Map.of("equal", true);
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.CompareValues --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new CompareValues(), args);
    }
}
