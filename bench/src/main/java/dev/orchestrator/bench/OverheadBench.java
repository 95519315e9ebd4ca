package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.bench.cucumber.NoopSteps;
import dev.orchestrator.bench.jupiter.NoopTestFactory;
import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.context.internal.CtxJournal;
import dev.orchestrator.context.internal.Durability;
import dev.orchestrator.context.Context;
import dev.orchestrator.junit.Constants;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 1. Engine overhead per in-process step: whole launches of no-op Java steps against a Jupiter
 * {@code @TestFactory} and a Cucumber feature of the same size, then where orchestrator's time goes.
 */
final class OverheadBench implements Benchmark {

    private static final int STEPS_PER_RECIPE = 100;

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String name() {
        return "overhead";
    }

    @Override
    public List<Row> run(Options options) throws Exception {
        int recipes = options.size(20, 2);
        int steps = recipes * STEPS_PER_RECIPE;
        int warmups = options.size(2, 1);
        int runs = options.size(5, 3);
        Launches launches = new Launches();

        Samples jupiter = perStep(steps, Measure.millis(warmups, runs, () -> jupiter(launches, steps)));
        Samples cucumber;
        try (BenchWorkspace ws = BenchWorkspace.create(options, "cucumber")) {
            Path feature = ws.write("features/noop.feature", Recipes.feature(steps, NoopSteps.STEP));
            cucumber = perStep(steps, Measure.millis(warmups, runs, () -> cucumber(launches, feature, steps)));
        }
        Samples disk = perStep(steps, orchestrator(options, launches, recipes, false, warmups, runs));
        Samples ram = perStep(steps, orchestrator(options, launches, recipes, true, warmups, runs));
        Samples bare = perStep(steps, orchestrator(options, launches, recipes, true, warmups, runs,
                Constants.REPORTS, "none"));
        java.util.Map<String, Samples> perReport = new java.util.LinkedHashMap<>();
        for (String report : List.of("database", "allure", "excel", "graph")) {
            perReport.put(report, perStep(steps, orchestrator(options, launches, recipes, true, warmups, runs,
                    Constants.REPORTS, report)));
        }
        Samples diskSaves = perStep(steps, checkpointSaves(options, false, Durability.PROCESS_CRASH, steps, warmups, runs));
        Samples powerSaves = perStep(steps, checkpointSaves(options, false, Durability.POWER_LOSS, steps, warmups, runs));
        Samples ramSaves = perStep(steps, checkpointSaves(options, true, Durability.PROCESS_CRASH, steps, warmups, runs));
        Samples logs = perStep(steps, logFiles(options, steps, warmups, runs));

        String size = " (" + recipes + " recipes × " + STEPS_PER_RECIPE + " no-op java steps)";
        List<Row> rows = new ArrayList<>();
        rows.add(Row.ratioTarget(1, "orchestrator, disk checkpoints" + size, disk, "Jupiter @TestFactory, "
                + steps + " no-op dynamic tests", jupiter, 1.0));
        rows.add(Row.info(1, "orchestrator, disk checkpoints", disk, "Cucumber, " + steps + " one-step scenarios", cucumber));
        rows.add(Row.ratioTarget(1, "orchestrator, store_on_ram.txt true", ram, "Jupiter @TestFactory", jupiter, 1.0));
        rows.add(Row.info(1, "orchestrator, store_on_ram.txt true", ram, "Cucumber", cucumber));
        rows.add(Row.ratioTarget(1, "orchestrator, store_on_ram.txt true, reports none", bare, "Jupiter @TestFactory",
                jupiter, 1.0));
        rows.add(Row.info(1, "breakdown: orchestrator, disk checkpoints", disk, "orchestrator, store_on_ram.txt true", ram));
        rows.add(Row.info(1, "breakdown: orchestrator, all reports (RAM checkpoints)", ram,
                "orchestrator, reports none (RAM checkpoints)", bare));
        perReport.forEach((report, samples) -> rows.add(Row.info(1, "breakdown: only the " + report
                + " report (RAM checkpoints)", samples, "orchestrator, reports none (RAM checkpoints)", bare)));
        rows.add(Row.info(1, "breakdown: checkpoint alone, disk journal, process-crash (one write, no fsync)", diskSaves,
                "checkpoint alone, RAM journal", ramSaves));
        rows.add(Row.info(1, "breakdown: checkpoint alone, disk journal, power-loss (group-commit fsync)", powerSaves,
                "checkpoint alone, disk journal, process-crash", diskSaves));
        rows.add(Row.info(1, "breakdown: per-step log file alone (create, 5 flushed lines, close)", logs,
                "Jupiter @TestFactory, whole launch", jupiter));
        return rows;
    }

    private static Samples perStep(int steps, Samples millis) {
        return millis.per(steps / 1000.0, "µs/step");
    }

    private static long jupiter(Launches launches, int steps) {
        System.setProperty(NoopTestFactory.COUNT, String.valueOf(steps));
        Tally tally = Tally.counting();
        long nanos = launches.execute(Launches.request("junit-jupiter", Map.of(), selectClass(NoopTestFactory.class)), tally);
        tally.expect(steps);
        return nanos;
    }

    private static long cucumber(Launches launches, Path feature, int steps) {
        Map<String, String> config = Map.of(
                "cucumber.glue", NoopSteps.class.getPackageName(),
                "cucumber.publish.quiet", "true");
        Tally tally = Tally.counting();
        long nanos = launches.execute(Launches.request("cucumber", config, selectFile(feature.toFile())), tally);
        tally.expect(steps);
        return nanos;
    }

    private static Samples orchestrator(Options options, Launches launches, int recipes, boolean ram, int warmups,
                                        int runs, String... extraConfig) throws Exception {
        try (BenchWorkspace ws = BenchWorkspace.create(options, ram ? "ram" : "disk").checkpointsOnRam(ram)) {
            for (int r = 1; r <= recipes; r++) {
                ws.write("recipes/overhead_" + r + ".yaml", Recipes.recipe("overhead_" + r, null, STEPS_PER_RECIPE,
                        i -> Recipes.javaStep(Recipes.NOOP)));
            }
            String[] extra = new String[extraConfig.length + 2];
            extra[0] = Constants.PARALLELISM;
            extra[1] = "1";
            System.arraycopy(extraConfig, 0, extra, 2, extraConfig.length);
            Map<String, String> config = Launches.orchestrator(ws.root(), extra);
            return Measure.millis(warmups, runs, () -> {
                ws.clearOutputs();
                Tally tally = Tally.counting();
                long nanos = launches.execute(Launches.request(Constants.ENGINE_ID, config,
                        selectDirectory(ws.recipes().toFile())), tally);
                tally.expect(recipes * STEPS_PER_RECIPE);
                return nanos;
            });
        }
    }

    /**
     * What the runner does after each step, alone: one ctx change (as a step would make) and the journal's
     * checkpoint, sequentially (so power-loss pays one fsync per step: nothing to group with).
     */
    private static Samples checkpointSaves(Options options, boolean ram, Durability durability, int steps, int warmups,
                                           int runs) throws Exception {
        try (BenchWorkspace ws = BenchWorkspace.create(options, "checkpoints").checkpointsOnRam(ram)) {
            return Measure.millis(warmups, runs, () -> {
                ws.clearOutputs();
                Context ctx = Context.create("checkpoints", "bench");
                ctx.set("test_meta", Map.of("test_id", "checkpoints", "tester", "bench", "description", "generated"));
                CheckpointStore store = CheckpointStores.forWorkspace(ws.root(), durability);
                return Measure.time(() -> {
                    try (CtxJournal journal = store.open(ctx, null)) {
                        for (int i = 1; i <= steps; i++) {
                            ctx.actingAs("step_" + i, "bench").set("status", i);
                            journal.checkpoint("step_" + i);
                        }
                    }
                });
            });
        }
    }

    /** An emulation of the step log's life (the engine's StepLogFile is package-private). */
    private static Samples logFiles(Options options, int steps, int warmups, int runs) throws Exception {
        try (BenchWorkspace ws = BenchWorkspace.create(options, "logs")) {
            Path logs = ws.root().resolve("Logs");
            return Measure.millis(warmups, runs, () -> {
                ws.clearOutputs();
                return Measure.time(() -> {
                    Files.createDirectories(logs);
                    for (int i = 1; i <= steps; i++) {
                        try (BufferedWriter out = Files.newBufferedWriter(logs.resolve("20260101-000000-000_step_" + i
                                + ".log"), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND)) {
                            for (int line = 0; line < 5; line++) {
                                out.write("[00:00:00.000] step step_" + i + " line " + line);
                                out.newLine();
                                out.flush();
                            }
                        }
                    }
                });
            });
        }
    }
}
