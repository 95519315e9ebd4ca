package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 3. Python steps through the warm worker (docs/processes.md): a step forked by the worker and one that spawns
 * its interpreter ({@code orchestrator.python.worker=off}) against a bare {@code python3 -c pass} spawn of the
 * same run; a step importing a heavy part of the standard library with and without
 * {@code orchestrator.python.preload}; and a launch of many python steps end to end, per step. Steps are timed
 * as in {@link ProcessStepBench} (JUnit start to finish event); a launch from its start to its end.
 */
final class PythonWorkerBench implements Benchmark {

    /** What the heavy step imports: measurable weight, standard library only. */
    private static final String HEAVY = "asyncio,email.mime.multipart,http.client,xml.etree.ElementTree,decimal,"
            + "unittest,json,logging.handlers,urllib.request,sqlite3,csv,argparse";

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String name() {
        return "pyworker";
    }

    @Override
    public List<Row> run(Options options) throws Exception {
        int n = options.size(40, 10);
        int many = options.size(1000, 100);
        String python = options.python();
        List<Row> rows = new ArrayList<>();
        try (BenchWorkspace ws = BenchWorkspace.create(options, "pyworker").checkpointsOnRam(false)) {
            Path root = ws.root();
            String noop = "type: python, module: " + ws.pythonNoop(options.repo()) + ", function: Noop";
            ws.write("steps/heavy.py", "import " + HEAVY + "\n"
                    + "from scriptlets.python.core.base import BaseScriptlet\n\n\n"
                    + "class Heavy(BaseScriptlet):\n    def run(self, ctx, params):\n        return None\n");
            String heavy = "type: python, module: steps.heavy, function: Heavy";

            Samples bare = spawns(n, root, python, "-c", "pass");
            Samples warm = steps(ws, "worker_steps", n, noop, python);
            Samples spawned = steps(ws, "spawned_steps", n, noop, python, Constants.PYTHON_WORKER, "off");
            String label = "`" + python + " -c pass` spawn";
            rows.add(Row.ratioTarget(3, "python step forked by the warm worker, median of " + n, warm, label, bare, 0.5));
            rows.add(Row.info(3, "breakdown: python step spawning its interpreter (worker off)", spawned, label, bare));
            rows.add(Row.info(3, "breakdown: python step, worker", warm, "python step, worker off", spawned));

            Samples heavyCold = steps(ws, "heavy_steps", n, heavy, python);
            Samples heavyWarm = steps(ws, "heavy_preloaded", n, heavy, python, Constants.PYTHON_PRELOAD, HEAVY);
            Samples heavyImport = spawns(n, root, python, "-c", "import " + HEAVY);
            rows.add(Row.info(3, "python step importing asyncio, email, http.client, xml, decimal, unittest … "
                    + "with orchestrator.python.preload", heavyWarm, "the same step without preload", heavyCold));
            rows.add(Row.info(3, "breakdown: that step without preload (worker)", heavyCold,
                    "`" + python + " -c 'import …'` spawn", heavyImport));

            Samples launch = launch(ws, "many_steps", many, noop, python);
            rows.add(Row.info(3, many + " python steps in one launch, end to end, worker", launch,
                    "one step of the worker row above", warm));
        }
        return rows;
    }

    /** Per-step times (ms) of one launch of {@code n} serial steps, after one warm-up launch. */
    private static Samples steps(BenchWorkspace ws, String testId, int n, String step, String python, String... extra)
            throws Exception {
        Tally tally = run(ws, testId, n, step, python, extra);
        return new Samples(tally.durationsMillis(), "ms");
    }

    /** Milliseconds per step of a whole launch (discovery, the worker's start, every step, its stop). */
    private static Samples launch(BenchWorkspace ws, String testId, int n, String step, String python) throws Exception {
        Path recipe = ws.write("recipes/" + testId + ".yaml", Recipes.recipe(testId, null, n, i -> step));
        Map<String, String> config = Launches.orchestrator(ws.root(), Constants.PYTHON, python);
        Launches launches = new Launches();
        List<Double> perStep = new ArrayList<>();
        for (int launch = 0; launch < 2; launch++) { // the first launch warms the JVM and the OS caches
            ws.clearOutputs();
            Tally tally = Tally.timing();
            long nanos = launches.execute(Launches.request(Constants.ENGINE_ID, config, selectFile(recipe.toFile())), tally);
            tally.expect(n);
            if (launch > 0) {
                perStep.add(nanos / 1e6 / n);
            }
        }
        return new Samples(perStep, "ms/step");
    }

    private static Tally run(BenchWorkspace ws, String testId, int n, String step, String python, String... extra)
            throws Exception {
        Path recipe = ws.write("recipes/" + testId + ".yaml", Recipes.recipe(testId, null, n, i -> step));
        List<String> pairs = new ArrayList<>(List.of(Constants.PYTHON, python));
        pairs.addAll(List.of(extra));
        Map<String, String> config = Launches.orchestrator(ws.root(), pairs.toArray(String[]::new));
        Launches launches = new Launches();
        Tally tally = null;
        for (int launch = 0; launch < 2; launch++) {
            ws.clearOutputs();
            tally = Tally.timing();
            launches.execute(Launches.request(Constants.ENGINE_ID, config, selectFile(recipe.toFile())), tally);
            tally.expect(n);
        }
        return tally;
    }

    /** {@code n} timed spawns (after 5 warm-ups) of {@code command}, output discarded; each must exit 0. */
    private static Samples spawns(int n, Path dir, String... command) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 5 + n; i++) {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            long start = System.nanoTime();
            int exit = builder.start().waitFor();
            long nanos = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
            if (i >= 5) {
                ms.add(nanos / 1e6);
            }
        }
        return new Samples(ms, "ms");
    }
}
