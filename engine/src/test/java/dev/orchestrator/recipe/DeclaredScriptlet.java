package dev.orchestrator.recipe;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletDoc;

/** A scriptlet declaring its parameters, for the discovery check of {@code params}. */
@ScriptletDoc(name = "declared", description = "Declares two parameters.", usage = "-",
        params = {
            @Param(name = "output", type = ParamType.PATH, required = true, help = "file to write"),
            @Param(name = "pretty", type = ParamType.BOOL, defaultValue = "true", help = "indent")
        })
public final class DeclaredScriptlet extends BaseScriptlet {

    @Override
    public Object run(Context ctx, Params params) {
        return null;
    }
}
