package dev.orchestrator.recipe;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;

/** A scriptlet for {@code type: java} fixtures to name; the loader checks that it is one the runner can create. */
public final class SampleScriptlet extends BaseScriptlet {

    @Override
    public Object run(Context ctx, Params params) {
        return null;
    }
}
