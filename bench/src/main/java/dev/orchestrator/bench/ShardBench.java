package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import dev.orchestrator.junit.Constants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.launcher.TestPlan;

/**
 * 6. Shards: a sleep-bound suite (40 recipes of 1–5 serial sleep steps) as {@value #SHARDS} shard processes started
 * at once ({@code orchestrator.shard=k/4}) against one process running all of it, each process with
 * {@code orchestrator.parallelism=1}, so the shards' processes are the only parallelism. Checkpoints stay in RAM and
 * only the run database is written, so the sleeps dominate. The one-process run goes first and records every step's
 * duration in the run database, so the shard plan knows the durations; the balance row is the largest shard's step
 * time over the mean shard's.
 *
 * <p>Skipped, with a message, when the engine does not recognise {@code orchestrator.shard} (shard 1/4 discovers as
 * many steps as the whole suite).
 */
final class ShardBench implements Benchmark {

    static final int SHARDS = 4;
    private static final int RECIPES = 40;
    private static final Pattern RESULT = Pattern.compile("passed=(\\d+) work_ms=([0-9.]+)");

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String name() {
        return "shards";
    }

    @Override
    public List<Row> run(Options options) throws Exception {
        int sleepMs = options.size(150, 50);
        int runs = options.size(3, 1);
        try (BenchWorkspace ws = BenchWorkspace.create(options, "shards").checkpointsOnRam(true)) {
            int steps = 0;
            for (int r = 1; r <= RECIPES; r++) {
                int n = 1 + r % 5;
                steps += n;
                ws.write("recipes/r" + r + ".yaml", Recipes.recipe("r" + r, null, n,
                        i -> Recipes.javaStep(Recipes.SLEEP) + ", params: {ms: " + sleepMs + "}"));
            }
            int firstShard = discovered(ws, "1/" + SHARDS);
            if (firstShard >= discovered(ws, null)) {
                System.err.println("[bench] 6 shards skipped: this engine does not recognise " + Constants.SHARD
                        + " (shard 1/" + SHARDS + " discovers all " + firstShard + " steps)");
                return List.of();
            }
            List<Double> one = new ArrayList<>();
            List<Double> sharded = new ArrayList<>();
            List<Double> largest = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                ws.clearOutputs();
                long start = System.nanoTime();
                Process single = start(ws, "-", "one-" + run);
                result(single.waitFor(), single, steps);
                one.add((System.nanoTime() - start) / 1e6);
                // Data/ kept: the shard plan may use the durations the one-process run recorded
                start = System.nanoTime();
                List<Process> processes = new ArrayList<>();
                for (int k = 1; k <= SHARDS; k++) {
                    processes.add(start(ws, k + "/" + SHARDS, "sharded-" + run));
                }
                double[] work = new double[SHARDS];
                int passed = 0;
                for (int k = 0; k < SHARDS; k++) {
                    double[] shard = result(processes.get(k).waitFor(), processes.get(k), -1);
                    passed += (int) shard[0];
                    work[k] = shard[1];
                }
                sharded.add((System.nanoTime() - start) / 1e6);
                if (passed != steps) {
                    throw new IllegalStateException("the " + SHARDS + " shards passed " + passed + " steps, not "
                            + steps);
                }
                largest.add(java.util.Arrays.stream(work).max().orElse(0));
                mean.add(java.util.Arrays.stream(work).average().orElse(1));
            }
            String suite = RECIPES + " recipes, " + steps + " × " + sleepMs + " ms sleep steps, parallelism 1 each";
            return List.of(
                    Row.ratioTarget(6, SHARDS + " shard processes at once, " + suite, new Samples(sharded, "ms"),
                            "one process, the same recipes", new Samples(one, "ms"), 0.3),
                    Row.ratioTarget(6, "largest shard's step time (durations known from the one-process run)",
                            new Samples(largest, "ms"), "mean shard's step time", new Samples(mean, "ms"), 1.15));
        }
    }

    /** How many steps a launch with this shard ({@code null}: none) discovers. */
    private static int discovered(BenchWorkspace ws, String shard) {
        Map<String, String> config = Launches.orchestrator(ws.root());
        if (shard != null) {
            config.put(Constants.SHARD, shard);
        }
        TestPlan plan = new Launches().discover(Launches.request(Constants.ENGINE_ID, config,
                selectDirectory(ws.recipes().toFile())));
        return (int) plan.countTestIdentifiers(id -> id.isTest());
    }

    private static Process start(BenchWorkspace ws, String shard, String runId) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ShardProcess.class.getName(), ws.root().toString(), shard, runId, "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** {passed, work ms} printed by a finished {@link ShardProcess}; fails unless it passed {@code expected} (-1: any). */
    private static double[] result(int exit, Process process, int expected) throws IOException {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = RESULT.matcher(out);
        if (exit != 0 || !m.find() || (expected >= 0 && Integer.parseInt(m.group(1)) != expected)) {
            throw new IllegalStateException("a shard process exited " + exit + " with: " + out.strip());
        }
        return new double[] {Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2))};
    }
}
