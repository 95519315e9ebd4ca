package dev.orchestrator.testing;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/** Java scriptlets that give up rather than fail: the engine reports them aborted. */
public final class AbortingScriptlets {

    private AbortingScriptlets() {
    }

    /** Counts its attempts in ctx key {@code attempts}, then assumes {@code params.holds} (default false). */
    public static final class Assume extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            ctx.set("attempts", ctx.has("attempts") ? ctx.get("attempts").asInt() + 1 : 1);
            Assumptions.assumeTrue(params.bool("holds", false), params.optionalString("message").orElse("no data today"));
            return "assumption held";
        }
    }

    /** Throws {@link TestAbortedException} with {@code params.message}. */
    public static final class Abort extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            throw new TestAbortedException(params.optionalString("message").orElse("not applicable here"));
        }
    }
}
