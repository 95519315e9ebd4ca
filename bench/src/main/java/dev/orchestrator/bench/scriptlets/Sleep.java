package dev.orchestrator.bench.scriptlets;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;

/** Sleeps {@code params.ms} milliseconds (default 200): a step whose duration is known exactly. */
public final class Sleep extends BaseScriptlet {

    @Override
    public Object run(Context ctx, Params params) throws InterruptedException {
        Thread.sleep(params.integer("ms", 200));
        return null;
    }
}
