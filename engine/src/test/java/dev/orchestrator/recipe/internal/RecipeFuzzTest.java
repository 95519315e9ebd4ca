package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.execution.internal.StepFailedException;
import dev.orchestrator.execution.internal.StepTimeoutException;
import dev.orchestrator.junit.Constants;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.recipe.internal.RecipeMutants.Mutant;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Hostile input, generated ({@link RecipeMutants}): a few hundred recipes mutated from the good fixtures with a
 * fixed seed. Each must load without hanging and without an exception; each problem must be one printable
 * {@code file:line:column: message} line; and each recipe that validates must run: executed through the engine
 * with trivial scriptlets, no step may fail for a reason of the engine's own (a file name, an environment
 * variable, an overflow), only for a timeout or an unmet success criterion.
 *
 * <p>The guards stop hangs and blow-ups; they are no speed requirement, and a machine busy with other builds
 * must not trip them. So each is a measure of work, not of elapsed time: a load is charged the CPU time of the
 * thread that loads (waiting for a CPU is not charged), after a warm-up (class loading and first compilations
 * are not the first mutant's); a launch is stopped only when it does no work at all (its logs do not grow) for
 * {@link #RUN_STALL}, so a slow launch that keeps running steps goes on. The wall-clock bounds left
 * ({@link #LOAD_HANG}, {@link #RUN_CEILING}) only end a load or launch that would never end, and are generous.
 */
class RecipeFuzzTest {

    private static final long SEED = 20_261_202L;
    private static final int MUTANTS_PER_SEED = 100;
    private static final List<String> SEEDS = List.of("good/serial.yaml", "good/parallel.yaml", "good/every_type.yaml");
    /**
     * The most CPU one load may take: a bounded recipe loads in milliseconds of CPU (the slowest mutant 0.16 s, the
     * cold first load 0.32 s, on the 2-core development VM at a load of 7), a blow-up takes far more.
     */
    private static final Duration LOAD_CPU = Duration.ofSeconds(2);
    /** Ends a load that never ends (blocked, or looping: {@link #LOAD_CPU} is checked once a load is done). */
    private static final Duration LOAD_HANG = Duration.ofMinutes(2);
    /**
     * How long a launch may go without its logs growing (a line at every recipe and step start and end, and in
     * each step's log): a working launch is silent only while it discovers its recipes or starts a process; on
     * the loaded development VM its logs grew every second.
     */
    private static final Duration RUN_STALL = Duration.ofMinutes(2);
    /** Ends a launch that keeps logging without end; the launch takes ~15 s on the loaded development VM. */
    private static final Duration RUN_CEILING = Duration.ofMinutes(30);
    private static final Pattern PROBLEM_LINE = Pattern.compile("recipes/fuzz_\\d{3}\\.yaml:\\d+:\\d+: \\S.*");

    @TempDir
    Path dir;

    @Test
    void everyMutantLoadsWithoutHangingOrThrowingWithPrintableProblemsAndEveryValidOneRuns() {
        List<Mutant> mutants = RecipeMutants.of(SEED, SEEDS, MUTANTS_PER_SEED);
        assertThat(mutants).hasSizeGreaterThanOrEqualTo(SEEDS.size() * MUTANTS_PER_SEED);
        Workspace loadWorkspace = trivialWorkspace(dir.resolve("load"));
        RecipeLoader loader = new RecipeLoader(loadWorkspace.root(), getClass().getClassLoader());
        warmUp(loader, loadWorkspace);
        List<String> failures = new ArrayList<>();
        Map<String, Mutant> runnable = new LinkedHashMap<>();
        int invalid = 0;
        for (Mutant mutant : mutants) {
            Path file = write(loadWorkspace.root(), mutant);
            RecipeSource source = RecipeSource.ofFile(file, loadWorkspace.root());
            LoadResult result;
            try {
                result = loadWithinGuard(loader, source, mutant, failures);
            } catch (RuntimeException | AssertionError e) {
                failures.add(mutant + ": " + e);
                continue;
            }
            if (result instanceof LoadResult.Invalid bad) {
                invalid++;
                checkProblems(mutant, bad, failures);
            } else {
                runnable.putIfAbsent(shape(((LoadResult.Valid) result).recipe()), mutant);
            }
        }
        assertThat(failures).as("mutants that loaded badly").isEmpty();
        // both sides are exercised: most mutants are refused, some still validate (and so must run)
        assertThat(invalid).isGreaterThan(mutants.size() / 3);
        assertThat(runnable).hasSizeGreaterThan(SEEDS.size());

        runAll(new ArrayList<>(runnable.values()), failures);
        assertThat(failures).as("valid mutants that did not run").isEmpty();
    }

    // --- checks ---

    /** Loads each unmutated fixture once, unguarded but for hangs: they must be valid, and the loader is warm. */
    private static void warmUp(RecipeLoader loader, Workspace ws) {
        for (String seed : SEEDS) {
            Path file = ws.file("recipes/warm-up/" + Path.of(seed).getFileName(), RecipeMutants.runnable(seed));
            LoadResult loaded = assertTimeoutPreemptively(LOAD_HANG, () -> loader.load(RecipeSource.ofFile(file, ws.root())),
                    () -> seed + " hangs");
            assertThat(loaded).as(seed).isInstanceOf(LoadResult.Valid.class);
        }
    }

    /**
     * Loads one mutant under the guards: at most {@link #LOAD_CPU} of the loading thread's CPU time; the
     * wall-clock bound ({@link #LOAD_HANG}) only stops a load that blocks.
     */
    private static LoadResult loadWithinGuard(RecipeLoader loader, RecipeSource source, Mutant mutant,
                                              List<String> failures) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[1];
        LoadResult result = assertTimeoutPreemptively(LOAD_HANG, () -> {
            long start = threads.getCurrentThreadCpuTime();
            LoadResult loaded = loader.load(source);
            cpu[0] = threads.getCurrentThreadCpuTime() - start;
            return loaded;
        }, () -> mutant + " hangs");
        if (cpu[0] > LOAD_CPU.toNanos()) {
            failures.add(mutant + " took " + cpu[0] / 1_000_000 + " ms of CPU to load");
        }
        return result;
    }

    private static void checkProblems(Mutant mutant, LoadResult.Invalid invalid, List<String> failures) {
        if (invalid.problems().isEmpty()) {
            failures.add(mutant + ": invalid without a problem");
        }
        int lines = mutant.lineCount();
        for (RecipeProblem p : invalid.problems()) {
            String line = p.toString();
            boolean ok = PROBLEM_LINE.matcher(line).matches()
                    && line.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
                    && p.position().line() >= 1 && p.position().line() <= lines + 1 && p.position().column() >= 1
                    && !line.contains("Exception") && !line.contains("\tat ");
            if (!ok) {
                failures.add(mutant + ": bad problem line: " + Printable.escape(line));
            }
        }
    }

    /** The recipe as run sees it, positions left out: mutants that differ only in layout run alike. */
    private static String shape(Recipe recipe) {
        StringBuilder shape = new StringBuilder(recipe.meta().raw().toString()).append(recipe.settings());
        recipe.steps().forEach(s -> shape.append(s.toString().replaceAll("position=\\d+:\\d+", "")));
        return shape.toString();
    }

    /**
     * Runs the valid mutants in one launch, in a fresh workspace, and keeps every failure that is not a timeout
     * or an unmet success criterion. Mutants that kept their seed's test_id get a suffix on it, so they can
     * share the launch (one launch runs its recipes in parallel); a test_id the pattern cannot find or change
     * is left alone and runs in a launch of its own.
     */
    private void runAll(List<Mutant> valid, List<String> failures) {
        List<Map<String, Mutant>> launches = new ArrayList<>();
        for (Mutant mutant : valid) {
            Mutant unique = mutant;
            String testId = mutant.testId();
            if (testId != null && launches.stream().anyMatch(l -> l.containsKey(testId))) {
                unique = mutant.withTestId(testId + "_f" + mutant.number());
            }
            String key = testId == null ? mutant.fileName() : unique.testId();
            Mutant chosen = unique;
            launches.stream().filter(l -> !l.containsKey(key)).findFirst()
                    .orElseGet(() -> {
                        launches.add(new LinkedHashMap<>());
                        return launches.get(launches.size() - 1);
                    }).put(key, chosen);
        }
        for (int i = 0; i < launches.size(); i++) {
            Workspace ws = trivialWorkspace(dir.resolve("run-" + i));
            Map<String, Mutant> byTestId = launches.get(i);
            DiscoverySelector[] selectors = byTestId.values().stream()
                    .map(m -> selectFile(write(ws.root(), m).toFile())).toArray(DiscoverySelector[]::new);
            EngineExecutionResults results = runUnlessStalled(ws, selectors, "launch of " + byTestId.values());
            if (results.containerEvents().started().count() < byTestId.size() + 1) {
                failures.add("not every recipe of " + byTestId.values() + " started");
            }
            results.allEvents().failed().stream().forEach(event -> {
                Throwable cause = event.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).orElse(null);
                if (!isTheStepsOwnFailure(cause)) {
                    failures.add(describe(event, byTestId) + " failed for a reason of the engine's own: "
                            + Values.clip(String.valueOf(cause)));
                }
            });
        }
    }

    /**
     * Runs one launch while it does work: it is stopped, and the test fails, once its logs (the runner log and
     * the steps' logs under {@code Logs/}) have not grown for {@link #RUN_STALL}, or after {@link #RUN_CEILING}.
     */
    private static EngineExecutionResults runUnlessStalled(Workspace ws, DiscoverySelector[] selectors, String what) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-launch");
            thread.setDaemon(true);
            return thread;
        });
        Future<EngineExecutionResults> launch = executor.submit(() -> EngineRun.in(ws)
                .config(Constants.REPORTS, "none").execute(selectors));
        long started = System.nanoTime();
        long lastWork = started;
        long logged = -1;
        try {
            while (true) {
                try {
                    return launch.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException running) {
                    long now = System.nanoTime();
                    long size = logBytes(ws.root().resolve("Logs"));
                    if (size < 0 || size != logged) {
                        logged = size;
                        lastWork = now;
                    }
                    if (now - lastWork > RUN_STALL.toNanos() || now - started > RUN_CEILING.toNanos()) {
                        throw new AssertionError(what + (now - lastWork > RUN_STALL.toNanos() ? " did no work for "
                                + RUN_STALL.toSeconds() + " s" : " still ran after " + RUN_CEILING.toSeconds() + " s"));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " threw", e.getCause());
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * What the launch has logged so far, in bytes: it grows with every recipe and step event and step line; -1
     * when it could not be read (a file went while the folder was read), which counts as work.
     */
    private static long logBytes(Path logs) {
        if (!Files.isDirectory(logs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(logs)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** A trivial scriptlet fails only if a timeout hits it (a loaded machine) or a mutated criterion is unmet. */
    private static boolean isTheStepsOwnFailure(Throwable cause) {
        return cause instanceof StepTimeoutException
                || cause instanceof StepFailedException && String.valueOf(cause.getMessage()).startsWith("success criteria not met");
    }

    private static String describe(Event event, Map<String, Mutant> byTestId) {
        String id = event.getTestDescriptor().getUniqueId().toString();
        return byTestId.entrySet().stream().filter(e -> id.contains("[recipe:" + e.getKey() + "]"))
                .map(e -> e.getValue().toString()).findFirst().orElse(Values.clip(id));
    }

    // --- the workspace: scripts, modules and a class that do (almost) nothing ---

    private static Workspace trivialWorkspace(Path root) {
        Workspace ws = new Workspace(root).withBridges();
        ws.file("scriptlets/shell/step.sh", "#!/usr/bin/env bash\nexit 0\n");
        ws.file("scriptlets/shell/preprocess-csv.sh", "#!/usr/bin/env bash\nmkdir -p Data && : > Data/clean.csv\n");
        ws.file("scriptlets/python/steps/__init__.py", "");
        ws.file("scriptlets/python/steps/compute_metrics.py", """
                from scriptlets.python.core.base import BaseScriptlet


                class StepComputeMetrics(BaseScriptlet):
                    def run(self, ctx, params):
                        ctx.set("metrics", {"rows": 0})
                        ctx.set("metrics_columns", [])


                def run(ctx, params):
                    return None
                """);
        ws.file("scriptlets/python/steps/pkg_step/__init__.py", "def run(ctx, params):\n    return None\n");
        return ws;
    }

    private static Path write(Path root, Mutant mutant) {
        Path file = root.resolve("recipes").resolve(mutant.fileName());
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, mutant.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
