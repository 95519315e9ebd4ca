package dev.orchestrator.bench.scriptlets;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;

/** Does nothing: the in-process step whose cost is pure engine overhead. */
public final class Noop extends BaseScriptlet {

    @Override
    public Object run(Context ctx, Params params) {
        return null;
    }
}
