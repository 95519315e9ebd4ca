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
 * <p>The headline rows use the JVM options docs/scale-out.md recommends for shard processes (C1 only, the serial
 * collector, a class-data-sharing archive written by one untimed training run), for the one process and the shards
 * alike; breakdown rows measure the same pair with the default options.
 *
 * <p>The suite runs twice: with short sleeps (the fixed start-up of each JVM weighs much against a shard's
 * 4.5 s of work; breakdown rows add the default options and one shard process alone, the floor a core per shard
 * would give) and with 1 s sleeps (a two-minute suite, where the work dominates as in the suites sharding is for).
 *
 * <p>Skipped, with a message, when the engine does not recognise {@code orchestrator.shard} (shard 1/4 discovers as
 * many steps as the whole suite).
 */
final class ShardBench implements Benchmark {

    static final int SHARDS = 4;
    private static final int RECIPES = 40;
    /** What every shard process gets; the recommended options are added to these. */
    private static final List<String> DEFAULT_JVM = List.of("-Xmx512m");
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
        int shortSleep = options.size(150, 50);
        int longSleep = options.size(1000, 200);
        int runs = options.size(3, 1);
        try (BenchWorkspace ws = BenchWorkspace.create(options, "shards").checkpointsOnRam(true)) {
            int steps = writeSuite(ws, shortSleep);
            int firstShard = discovered(ws, "1/" + SHARDS);
            if (firstShard >= discovered(ws, null)) {
                System.err.println("[bench] 6 shards skipped: this engine does not recognise " + Constants.SHARD
                        + " (shard 1/" + SHARDS + " discovers all " + firstShard + " steps)");
                return List.of();
            }
            // the class-data-sharing archive the recommended options use: one untimed training run of the whole
            // suite writes it (as a user's build or image step would, docs/scale-out.md); it must match the class path
            Path archive = ws.root().resolve("shard-classes.jsa");
            List<String> training = new ArrayList<>(DEFAULT_JVM);
            training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            ws.clearOutputs();
            Process train = start(ws, training, "-", "cds-training");
            result(train.waitFor(), train, steps);
            List<String> recommended = new ArrayList<>(DEFAULT_JVM);
            recommended.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive,
                    "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            Pair tuned = new Pair();
            Pair plain = new Pair();
            for (int run = 1; run <= runs; run++) {
                tuned.measure(ws, recommended, "tuned-" + run, steps, true);
                plain.measure(ws, DEFAULT_JVM, "plain-" + run, steps, false);
            }
            // the same recipes with longer sleeps: the fixed start-up of each process weighs less against the work
            writeSuite(ws, longSleep);
            Pair longer = new Pair();
            for (int run = 1; run <= options.size(2, 1); run++) {
                longer.measure(ws, recommended, "long-" + run, steps, false);
            }
            String tunedJvm = "C1 only, serial GC, AppCDS archive";
            String suite = RECIPES + " recipes, " + steps + " × " + shortSleep + " ms sleep steps, parallelism 1 each";
            String longSuite = RECIPES + " recipes, " + steps + " × " + longSleep + " ms sleep steps, parallelism 1 each";
            return List.of(
                    Row.ratioTarget(6, SHARDS + " shard processes at once, " + longSuite + ", " + tunedJvm,
                            new Samples(longer.sharded, "ms"), "one process, the same recipes and JVM options",
                            new Samples(longer.one, "ms"), 0.3),
                    Row.ratioTarget(6, SHARDS + " shard processes at once, " + suite + ", " + tunedJvm,
                            new Samples(tuned.sharded, "ms"), "one process, the same recipes and JVM options",
                            new Samples(tuned.one, "ms"), 0.3),
                    Row.info(6, "breakdown: one shard process alone (shard 1/" + SHARDS + ", nothing else running), "
                                    + shortSleep + " ms steps, " + tunedJvm,
                            new Samples(tuned.alone, "ms"), "one process, the same recipes and JVM options",
                            new Samples(tuned.one, "ms")),
                    Row.ratioTarget(6, "largest shard's step time (durations known from the one-process run)",
                            new Samples(tuned.largest, "ms"), "mean shard's step time", new Samples(tuned.mean, "ms"),
                            1.15),
                    Row.info(6, "breakdown: " + SHARDS + " shard processes, " + shortSleep + " ms steps, default JVM options",
                            new Samples(plain.sharded, "ms"), "one process, default JVM options",
                            new Samples(plain.one, "ms")),
                    Row.info(6, "breakdown: one process, " + shortSleep + " ms steps, " + tunedJvm,
                            new Samples(tuned.one, "ms"), "one process, default JVM options", new Samples(plain.one, "ms")),
                    Row.info(6, "breakdown: " + SHARDS + " shard processes, " + shortSleep + " ms steps, " + tunedJvm,
                            new Samples(tuned.sharded, "ms"), SHARDS + " shard processes, default JVM options",
                            new Samples(plain.sharded, "ms")));
        }
    }

    /** Writes the suite's 40 recipes of 1–5 sleep steps of {@code sleepMs} each; returns the step count. */
    private static int writeSuite(BenchWorkspace ws, int sleepMs) throws IOException {
        int steps = 0;
        for (int r = 1; r <= RECIPES; r++) {
            int n = 1 + r % 5;
            steps += n;
            ws.write("recipes/r" + r + ".yaml", Recipes.recipe("r" + r, null, n,
                    i -> Recipes.javaStep(Recipes.SLEEP) + ", params: {ms: " + sleepMs + "}"));
        }
        return steps;
    }

    /** The one-process run, then the shards, with one set of JVM options; wall times and shard step times. */
    private static final class Pair {
        final List<Double> one = new ArrayList<>();
        final List<Double> sharded = new ArrayList<>();
        final List<Double> alone = new ArrayList<>();
        final List<Double> largest = new ArrayList<>();
        final List<Double> mean = new ArrayList<>();

        /** @param alone whether to time shard 1 by itself as well (the floor a core per shard would give) */
        void measure(BenchWorkspace ws, List<String> jvm, String runId, int steps, boolean alone) throws Exception {
            ws.clearOutputs();
            long start = System.nanoTime();
            Process single = start(ws, jvm, "-", "one-" + runId);
            result(single.waitFor(), single, steps);
            one.add((System.nanoTime() - start) / 1e6);
            // Data/ kept: the shard plan may use the durations the one-process run recorded
            if (alone) {
                start = System.nanoTime();
                Process first = start(ws, jvm, "1/" + SHARDS, "alone-" + runId);
                result(first.waitFor(), first, -1);
                this.alone.add((System.nanoTime() - start) / 1e6);
            }
            start = System.nanoTime();
            List<Process> processes = new ArrayList<>();
            for (int k = 1; k <= SHARDS; k++) {
                processes.add(start(ws, jvm, k + "/" + SHARDS, "sharded-" + runId));
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
                throw new IllegalStateException("the " + SHARDS + " shards passed " + passed + " steps, not " + steps);
            }
            largest.add(java.util.Arrays.stream(work).max().orElse(0));
            mean.add(java.util.Arrays.stream(work).average().orElse(1));
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

    private static Process start(BenchWorkspace ws, List<String> jvm, String shard, String runId) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ShardProcess.class.getName(),
                ws.root().toString(), shard, runId, "1"));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
