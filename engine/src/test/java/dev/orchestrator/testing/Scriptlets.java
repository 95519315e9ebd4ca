package dev.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Params;
import java.nio.file.Files;
import java.util.Map;

/** Small Java scriptlets for engine tests. */
public final class Scriptlets {

    private Scriptlets() {
    }

    /** Sets every field of {@code params.set} in ctx and returns {@code "ok"}. */
    public static final class Put extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            params.node("set").ifPresent(values -> values.properties().forEach(e -> ctx.set(e.getKey(), e.getValue())));
            log().info("put %s", params);
            return Map.of("status", "ok");
        }
    }

    /** Throws {@code IllegalStateException(params.message)}. */
    public static final class Fail extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            throw new IllegalStateException(params.optionalString("message").orElse("boom"));
        }
    }

    /** Throws {@code IllegalStateException} with a 5 MB message that ends with its reason. */
    public static final class FailLoud extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            throw new IllegalStateException("x".repeat(5_000_000) + " the real reason");
        }
    }

    /** Refuses its params in validate. */
    public static final class Invalid extends BaseScriptlet {
        @Override
        public void validate(Context ctx, Params params) {
            throw new InvalidParamsException("parameter 'x' is required");
        }

        @Override
        public Object run(Context ctx, Params params) {
            throw new AssertionError("run must not be called after validate failed");
        }
    }

    /** Sleeps {@code params.ms} milliseconds (interruptibly). */
    public static final class Sleep extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws InterruptedException {
            Thread.sleep(params.integer("ms", 100));
            return null;
        }
    }

    /** Fails until ctx key {@code attempts} reaches {@code params.succeed_on}; counts attempts in ctx. */
    public static final class Flaky extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            JsonNode seen = ctx.get("attempts");
            int attempt = seen == null ? 1 : seen.asInt() + 1;
            ctx.set("attempts", attempt);
            if (attempt < params.integer("succeed_on", 2)) {
                throw new IllegalStateException("flaky failure on attempt " + attempt);
            }
            return attempt;
        }
    }

    /** Writes {@code params.file} (workspace-relative), then sleeps {@code params.ms} milliseconds. */
    public static final class SignalThenSleep extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws Exception {
            Files.writeString(resolve(params.string("file")), "started");
            Thread.sleep(params.integer("ms", 300));
            return null;
        }
    }

    /** Waits (at most 30 s) until {@code params.file} exists, then throws {@code IllegalStateException("boom")}. */
    public static final class FailAfterSignal extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws Exception {
            var file = resolve(params.string("file"));
            for (int i = 0; i < 3000 && !Files.exists(file); i++) {
                Thread.sleep(10);
            }
            throw new IllegalStateException("boom");
        }
    }

    /** Writes {@code params.file} (workspace-relative) with {@code params.text}. */
    public static final class Touch extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws Exception {
            var file = resolve(params.string("file"));
            Files.createDirectories(file.getParent());
            Files.writeString(file, params.optionalString("text").orElse("x"));
            return null;
        }
    }

    /** Tries to store a non-JSON value in ctx. */
    public static final class NonJson extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            ctx.set("when", java.time.LocalDate.of(2026, 1, 1));
            return null;
        }
    }

    /**
     * Blocks while the workspace file {@code params.block_file} exists (after creating {@code params.marker}),
     * so a test can kill the JVM in the middle of a recipe; then puts {@code params.set} into ctx.
     */
    public static final class BlockWhileFileExists extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws Exception {
            Files.writeString(resolve(params.string("marker")), "started");
            while (Files.exists(resolve(params.string("block_file")))) {
                Thread.sleep(20);
            }
            params.node("set").ifPresent(values -> values.properties().forEach(e -> ctx.set(e.getKey(), e.getValue())));
            return null;
        }
    }

    /** Copies what it sees of GLOBAL_STATE into ctx: {@code seen_run_id}, {@code seen_recipes}. */
    public static final class ReadGlobal extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            var global = globalState();
            ctx.set("seen_run_id", global.get("run_id"));
            ctx.set("seen_recipes", global.get("test_meta"));
            global.put("run_id", "tampered");
            return null;
        }
    }

    /**
     * Records its start and end (nanoTime) into {@link Intervals} under its step name, holding on for
     * {@code params.ms}; a test reads the intervals to prove overlap or exclusion.
     */
    public static final class Interval extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws InterruptedException {
            long start = System.nanoTime();
            int now = Intervals.RUNNING.incrementAndGet();
            Intervals.MAX_RUNNING.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(params.integer("ms", 150));
            } finally {
                Intervals.RUNNING.decrementAndGet();
            }
            Intervals.BY_STEP.put(params.string("id"), new long[] {start, System.nanoTime()});
            return null;
        }
    }

    /** Shared state of {@link Interval} steps (tests reset it before each run). */
    public static final class Intervals {
        public static final java.util.Map<String, long[]> BY_STEP = new java.util.concurrent.ConcurrentHashMap<>();
        public static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();
        public static final java.util.concurrent.atomic.AtomicInteger MAX_RUNNING = new java.util.concurrent.atomic.AtomicInteger();

        private Intervals() {
        }

        public static void reset() {
            BY_STEP.clear();
            RUNNING.set(0);
            MAX_RUNNING.set(0);
        }

        public static boolean overlap(String a, String b) {
            long[] x = BY_STEP.get(a);
            long[] y = BY_STEP.get(b);
            return x[0] < y[1] && y[0] < x[1];
        }
    }

    /** Writes {@code params.count} ctx keys {@code <params.prefix>_<i>}. */
    public static final class WriteMany extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            String prefix = params.string("prefix");
            long count = params.integer("count", 1000);
            for (long i = 0; i < count; i++) {
                ctx.set(prefix + "_" + i, i);
            }
            return count;
        }
    }

    /** Fails with an Error a scriptlet may realistically raise: a missing class of its own dependencies. */
    public static final class MissingDependency extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            throw new NoClassDefFoundError("com/example/Missing");
        }
    }
}
