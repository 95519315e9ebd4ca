package dev.orchestrator.recipe;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletDoc;

/** A scriptlet declaring the ctx keys it reads and writes, for the discovery check of contracts. */
@ScriptletDoc(name = "contract", description = "Reads raw, writes total.", usage = "-",
        reads = {"raw"}, writes = {"total"})
public final class ContractScriptlet extends BaseScriptlet {

    @Override
    public Object run(Context ctx, Params params) {
        ctx.set("total", ctx.get("raw"));
        return null;
    }
}
