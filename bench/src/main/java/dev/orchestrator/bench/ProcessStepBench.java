package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 3. One shell step and one python step against a bare spawn of the same interpreter doing nothing. A
 * step is timed from its JUnit start event to its finish event (so it includes the engine's log, bridge
 * files, the namespace launch and checkpoint); a spawn from {@code start()} to the end of {@code waitFor()}.
 */
final class ProcessStepBench implements Benchmark {

    private static final int SPAWN_WARMUPS = 5;

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public List<Row> run(Options options) throws Exception {
        int n = options.size(40, 10);
        List<Row> rows = new ArrayList<>();
        try (BenchWorkspace ws = BenchWorkspace.create(options, "process").checkpointsOnRam(false)) {
            Path root = ws.root();
            String script = ws.shellNoop();
            Samples shellStep = steps(ws, "shell_steps", n, "type: shell, cmd: " + script, options.python());
            Samples bashC = spawns(n, root, Map.of(), "bash", "-c", "true");
            Samples bashScript = spawns(n, root, Map.of(), "bash", root.resolve(script).toString());
            rows.add(Row.ratioTarget(3, "shell step (`true`), median of " + n, shellStep, "`bash -c true` spawn", bashC, 1.3));
            rows.add(Row.info(3, "breakdown: shell step", shellStep, "`bash noop.sh` spawn (the same script)", bashScript));
            // the floor: the engine's PID-namespace launch (docs/processes.md) of the same script, without the engine
            Samples contained = containedSpawns(n, root, root.resolve(script).toString());
            if (contained != null) {
                rows.add(Row.info(3, "breakdown: shell step", shellStep, "the namespace launch of `bash noop.sh`, no engine",
                        contained));
                rows.add(Row.info(3, "breakdown: namespace launch of `bash noop.sh`", contained,
                        "`bash noop.sh` spawn", bashScript));
            }
            ws.checkpointsOnRam(true);
            Samples shellRam = steps(ws, "shell_steps_ram", n, "type: shell, cmd: " + script, options.python());
            ws.checkpointsOnRam(false);
            rows.add(Row.info(3, "breakdown: shell step, disk checkpoints", shellStep,
                    "shell step, store_on_ram.txt true", shellRam));

            String module = ws.pythonNoop(options.repo());
            String python = "type: python, module: " + module + ", function: Noop";
            for (String interpreter : interpreters(options)) {
                Samples step = steps(ws, "python_steps", n, python, interpreter);
                Samples bare = spawns(n, root, Map.of(), interpreter, "-c", "pass");
                String label = "`" + interpreter + "`";
                rows.add(Row.ratioTarget(3, "python step (BaseScriptlet via bridge), " + label, step,
                        label + " -c pass spawn", bare, 1.3));
                if (interpreter.equals(options.python())) {
                    Samples bridge = spawns(n, root, bridgeEnv(root), interpreter, "-m", "scriptlets.python.core.bridge",
                            "--module", module, "--function", "Noop");
                    rows.add(Row.info(3, "breakdown: the bridge alone, no engine, " + label, bridge,
                            label + " -c pass spawn", bare));
                    rows.add(Row.info(3, "breakdown: python step, " + label, step,
                            "the bridge alone, no engine", bridge));
                }
            }
        }
        return rows;
    }

    private static List<String> interpreters(Options options) {
        List<String> list = new ArrayList<>(List.of(options.python()));
        if (!options.pythonShim().isBlank() && !options.pythonShim().equals(options.python())) {
            list.add(options.pythonShim());
        }
        return list;
    }

    /** Per-step times (ms) of one launch of {@code n} serial steps, after one warm-up launch. */
    private static Samples steps(BenchWorkspace ws, String testId, int n, String step, String python) throws Exception {
        Path recipe = ws.write("recipes/" + testId + ".yaml", Recipes.recipe(testId, null, n, i -> step));
        Map<String, String> config = Launches.orchestrator(ws.root(), Constants.PYTHON, python);
        Launches launches = new Launches();
        Tally tally = null;
        for (int launch = 0; launch < 2; launch++) { // the first launch warms the JVM and the OS caches
            ws.clearOutputs();
            tally = Tally.timing();
            launches.execute(Launches.request(Constants.ENGINE_ID, config, selectFile(recipe.toFile())), tally);
            tally.expect(n);
        }
        return new Samples(tally.durationsMillis(), "ms");
    }

    /** {@code n} timed spawns (after warm-ups) of {@code command}, output discarded; each must exit 0. */
    private static Samples spawns(int n, Path dir, Map<String, String> env, String... command) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < SPAWN_WARMUPS + n; i++) {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            long start = System.nanoTime();
            int exit = builder.start().waitFor();
            long nanos = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
            if (i >= SPAWN_WARMUPS) {
                ms.add(nanos / 1e6);
            }
        }
        return new Samples(ms, "ms");
    }

    /** Spawns through the launch wrapper the engine uses as root; null where it cannot run (no PID namespaces). */
    private static Samples containedSpawns(int n, Path dir, String script) {
        try {
            return spawns(n, dir, Map.of(), "setpriv", "--pdeathsig", "KILL", "--", "unshare", "--pid", "--fork",
                    "--kill-child", "--mount-proc", "--", "/bin/sh", "-c", "\"$@\"; exit $?", "sh", "bash", script);
        } catch (Exception unavailable) {
            return null;
        }
    }

    /** What the engine gives the bridge, minus the ctx files (absent means empty, docs/ctx-and-bridge.md); one log file for all. */
    private static Map<String, String> bridgeEnv(Path root) {
        return Map.of(
                "ORCH_WORKSPACE", root.toString(),
                "ORCH_CTX_OUT", root.resolve("bridge-alone.jsonl").toString(),
                "ORCH_STEP", "bridge_alone",
                "ORCH_RECIPE", "bench",
                "ORCH_RUN_ID", "bench",
                "ORCH_LOG_FILE", root.resolve("bridge-alone.log").toString());
    }
}
