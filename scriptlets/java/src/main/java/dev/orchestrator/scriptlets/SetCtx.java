package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
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
 * Puts fixed values into ctx: every field of {@code values} becomes a ctx key. Handy to seed a recipe with
 * configuration that later steps read.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 1
 *   name: seed_config
 *   type: java
 *   class: dev.orchestrator.scriptlets.SetCtx
 *   params: {values: {threshold: 0.5, region: eu}}
 * </pre>
 */
@ScriptletDoc(
        name = "set-ctx",
        description = "Set ctx keys to the given JSON values.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.SetCtx --values JSON [--ctx-file CTX]",
        params = @Param(name = "values", type = ParamType.MAP, required = true, help = "ctx key -> value"),
        examples = {
            "java -cp engine.jar:scriptlets.jar dev.orchestrator.scriptlets.SetCtx --ctx-file ctx.json --values '{\"region\": \"eu\"}'"
        },
        limitations = "Top-level keys only; a value replaces the whole key.")
@API(status = STABLE, since = "0.1")
public final class SetCtx extends BaseScriptlet {

    /** Sets each key; ctx records every change under this step's name. */
    @Override
    public Object run(Context ctx, Params params) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : params.node("values").orElseThrow().properties()) {
            ctx.set(entry.getKey(), entry.getValue());
            keys.add(entry.getKey());
        }
        log().info("set %s", keys);
        return Map.of("set", keys);
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.SetCtx --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new SetCtx(), args);
    }
}
