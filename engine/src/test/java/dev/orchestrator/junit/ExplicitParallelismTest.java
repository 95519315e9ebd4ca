package dev.orchestrator.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parallelism the user wrote down is honoured even above the processor count (the launch's default): each
 * step waits at a barrier until all of them have arrived, so they pass only if they all run at once.
 */
class ExplicitParallelismTest {

    /** One more step than processors: more than the default would let run at once. */
    private static final int STEPS = Runtime.getRuntime().availableProcessors() + 1;
    private static volatile CyclicBarrier barrier;

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        barrier = new CyclicBarrier(STEPS);
    }

    /** Waits until {@link #STEPS} steps are running; fails (does not hang) if they never all are. */
    public static final class Meet extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws Exception {
            barrier.await(20, TimeUnit.SECONDS);
            return null;
        }
    }

    private Path recipe(String settings) {
        StringBuilder yaml = new StringBuilder("test_meta: {test_id: m, tester: qa, description: meet}\n" + settings
                + "steps:\n");
        for (int i = 1; i <= STEPS; i++) {
            yaml.append("  - {idx: ").append(i).append(", name: s").append(i).append(", type: java, class: ")
                    .append(Meet.class.getName()).append(", depends_on: []}\n");
        }
        return ws.recipe("m.yaml", yaml.toString());
    }

    @Test
    void aRecipesParallelismAboveTheProcessorCountRunsThatManyStepsAtOnce() {
        Path recipe = recipe("settings: {parallelism: " + STEPS + "}\n");

        EngineRun.in(ws).config(Constants.REPORTS, "none").execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(STEPS).failed(0));
    }

    @Test
    void theLaunchParallelismAboveTheProcessorCountRunsThatManyStepsOfARecipeWithoutItsOwn() {
        Path recipe = recipe("");

        EngineRun.in(ws).config(Constants.REPORTS, "none").config(Constants.PARALLELISM, String.valueOf(STEPS))
                .execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(STEPS).failed(0));
    }
}
