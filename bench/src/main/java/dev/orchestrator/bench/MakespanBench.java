package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 2. Makespan: 16 independent 200 ms steps ({@code depends_on: []}) with parallelism 4, against a plain
 * 4-thread pool sleeping the same 16 × 200 ms (measured) and the ideal 16 / 4 × 200 ms = 800 ms.
 *
 * <p>Needs no change when the parallel scheduler lands: the recipe already says what may overlap.
 */
final class MakespanBench implements Benchmark {

    private static final int STEPS = 16;
    private static final int PARALLELISM = 4;
    private static final int SLEEP_MS = 200;
    private static final double IDEAL_MS = (double) STEPS / PARALLELISM * SLEEP_MS;

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String name() {
        return "makespan";
    }

    @Override
    public List<Row> run(Options options) throws Exception {
        int warmups = 1;
        int runs = options.size(5, 2);
        Samples pool = Measure.millis(warmups, runs, MakespanBench::pool);
        List<Double> spans = new ArrayList<>();
        Samples launch;
        try (BenchWorkspace ws = BenchWorkspace.create(options, "makespan").checkpointsOnRam(false)) {
            Path recipe = ws.write("recipes/makespan.yaml", Recipes.recipe("makespan", "parallelism: " + PARALLELISM,
                    STEPS, i -> Recipes.javaStep(Recipes.SLEEP) + ", params: {ms: " + SLEEP_MS + "}, depends_on: []"));
            Map<String, String> config = Launches.orchestrator(ws.root(), Constants.PARALLELISM, String.valueOf(PARALLELISM));
            Launches launches = new Launches();
            int[] run = {0};
            launch = Measure.millis(warmups, runs, () -> {
                ws.clearOutputs();
                Tally tally = Tally.timing();
                long nanos = launches.execute(Launches.request(Constants.ENGINE_ID, config, selectFile(recipe.toFile())),
                        tally);
                tally.expect(STEPS);
                if (run[0]++ >= warmups) {
                    spans.add(tally.spanNanos() / 1e6);
                }
                return nanos;
            });
        }
        Samples span = new Samples(spans, "ms");
        Samples ideal = Samples.of("ms", IDEAL_MS);
        String what = STEPS + " × " + SLEEP_MS + " ms steps, parallelism " + PARALLELISM;
        String poolName = PARALLELISM + "-thread pool, " + STEPS + " × sleep " + SLEEP_MS + " ms";
        return List.of(
                Row.ratioTarget(2, "orchestrator whole launch, " + what, launch, "ideal " + STEPS + " / "
                        + PARALLELISM + " × " + SLEEP_MS + " ms (computed)", ideal, 1.1),
                Row.ratioTarget(2, "orchestrator whole launch", launch, poolName, pool, 1.1),
                Row.info(2, "orchestrator first step start → last step finish", span, poolName, pool));
    }

    private static long pool() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(PARALLELISM);
        try {
            return Measure.time(() -> {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < STEPS; i++) {
                    done.add(executor.submit(() -> {
                        Thread.sleep(SLEEP_MS);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            });
        } finally {
            executor.shutdownNow();
        }
    }
}
