package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import dev.orchestrator.junit.Constants;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Launches to profile, not a benchmark (see bench/profiles/inproc-step.md for what they showed):
 *
 * <ul>
 *   <li>default: benchmark 1's workspace (20 recipes × 100 no-op Java steps, parallelism 1) launched a few times
 *   in a row, so a profiler sees the in-process step's path in a warm JVM; each launch's wall time and the JVM's
 *   CPU time (every thread: the reports' too) per step;</li>
 *   <li>{@code --makespan}: benchmark 2's recipe (16 × 200 ms, parallelism 4) in this fresh JVM, each launch split
 *   into its head (launch start → first step start), the steps (first start → last finish) and its tail (last
 *   finish → launch end: the reports finishing).</li>
 * </ul>
 *
 * <pre>{@code
 * java -XX:StartFlightRecording=filename=/tmp/step.jfr,settings=profile \
 *      -cp bench/target/orchestrator-bench.jar dev.orchestrator.bench.StepProfile [--ram] [--reports none] [--launches 5]
 * java -cp bench/target/orchestrator-bench.jar dev.orchestrator.bench.StepProfile --makespan --launches 3
 * }</pre>
 */
public final class StepProfile {

    private static final int RECIPES = 20;
    private static final int STEPS_PER_RECIPE = 100;

    private StepProfile() {
    }

    public static void main(String[] args) throws Exception {
        boolean ram = false;
        boolean makespan = false;
        String reports = null;
        int launches = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ram" -> ram = true;
                case "--makespan" -> makespan = true;
                case "--reports" -> reports = args[++i];
                case "--launches" -> launches = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException(
                        "usage: StepProfile [--makespan] [--ram] [--reports LIST] [--launches N]");
            }
        }
        Options options = Options.parse(new String[0]);
        try (BenchWorkspace ws = BenchWorkspace.create(options, "profile").checkpointsOnRam(ram)) {
            int steps;
            List<String> config = new ArrayList<>();
            if (makespan) {
                steps = 16;
                ws.write("recipes/makespan.yaml", Recipes.recipe("makespan", "parallelism: 4", steps,
                        i -> Recipes.javaStep(Recipes.SLEEP) + ", params: {ms: 200}, depends_on: []"));
                config.addAll(List.of(Constants.PARALLELISM, "4"));
            } else {
                steps = RECIPES * STEPS_PER_RECIPE;
                for (int r = 1; r <= RECIPES; r++) {
                    ws.write("recipes/overhead_" + r + ".yaml", Recipes.recipe("overhead_" + r, null, STEPS_PER_RECIPE,
                            i -> Recipes.javaStep(Recipes.NOOP)));
                }
                config.addAll(List.of(Constants.PARALLELISM, "1"));
            }
            if (reports != null) {
                config.addAll(List.of(Constants.REPORTS, reports));
            }
            Map<String, String> parameters = Launches.orchestrator(ws.root(), config.toArray(String[]::new));
            Launches launcher = new Launches();
            for (int launch = 1; launch <= launches; launch++) {
                ws.clearOutputs();
                Tally tally = makespan ? Tally.timing() : Tally.counting();
                long cpuBefore = processCpuNanos();
                long start = System.nanoTime();
                long nanos = launcher.execute(Launches.request(Constants.ENGINE_ID, parameters,
                        selectDirectory(ws.recipes().toFile())), tally);
                long cpu = processCpuNanos() - cpuBefore;
                tally.expect(steps);
                if (makespan) {
                    System.err.printf(Locale.ROOT, "[profile] launch %d: %.0f ms = head %.0f + steps %.0f + tail %.0f ms%n",
                            launch, nanos / 1e6, (tally.firstStartNanos() - start) / 1e6, tally.spanNanos() / 1e6,
                            (start + nanos - tally.lastFinishNanos()) / 1e6);
                } else {
                    System.err.printf(Locale.ROOT, "[profile] launch %d: %.1f µs/step wall, %.1f µs/step CPU (all threads)%n",
                            launch, nanos / 1e3 / steps, cpu / 1e3 / steps);
                }
            }
        }
    }

    /** CPU time of the whole JVM (less sensitive than wall time to other load on a shared machine). */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
