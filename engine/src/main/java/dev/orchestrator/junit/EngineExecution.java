package dev.orchestrator.junit;

import dev.orchestrator.scriptlet.internal.ScriptletClassPath;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.context.GlobalState;
import dev.orchestrator.event.internal.Delivery;
import dev.orchestrator.event.internal.EventBus;
import dev.orchestrator.execution.internal.PythonWorkers;
import dev.orchestrator.execution.internal.RecipeRunner;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.execution.internal.RunSettings;
import dev.orchestrator.execution.internal.RunnerLog;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.report.internal.Reports;
import dev.orchestrator.schedule.internal.LaunchLimiter;
import dev.orchestrator.schedule.internal.ParallelScheduler;
import dev.orchestrator.schedule.internal.RecipeQueue;
import dev.orchestrator.schedule.internal.Selection;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestExecutionResult;

/** One execution of the engine: runs every recipe in the tree and reports to the platform. */
final class EngineExecution {

    private final OrchestratorEngineDescriptor root;
    private final EngineExecutionListener listener;
    private final OrchestratorConfiguration config;
    private final RerunMemory memory;
    private RunnerLog runnerLog;
    private JUnitEvents junitEvents;

    /** @param memory what earlier executions of the same engine left failed or skipped (Surefire reruns) */
    EngineExecution(ExecutionRequest request, RerunMemory memory) {
        this.memory = memory;
        this.root = (OrchestratorEngineDescriptor) request.getRootTestDescriptor();
        // steps of several recipes finish on several threads: hand events to the platform one at a time
        this.listener = new SynchronizedExecutionListener(request.getEngineExecutionListener());
        this.config = root.configuration();
    }

    void run() {
        listener.executionStarted(root);
        List<String> problems = new java.util.ArrayList<>(config.problems());
        problems.addAll(root.selection().problems());
        problems.addAll(root.shards().problems());
        if (!problems.isEmpty()) {
            // discovery reported these; a launcher told to run anyway still must not run with defaults
            listener.executionFinished(root, TestExecutionResult.failed(
                    new IllegalArgumentException(String.join("\n", problems))));
            return;
        }
        if (root.getChildren().isEmpty() && !root.emptyShard()) {
            // nothing selected (Surefire's reruns, other engines' classes): no run, so no report, no database
            // row, no workbook and no runner-log entry for it. A shard the plan left empty does run (nothing):
            // the run is finished only once each of its shards has said it finished
            listener.executionFinished(root, TestExecutionResult.successful());
            return;
        }
        RunSettings settings = settings();
        RunInfo run = new RunInfo(settings.runId(), settings.workspace(), Instant.now(), config.origin());
        // one bus for the run: JUnit, the runner's log, the reports (Allure, SQLite, Excel, the step graph, each on
        // its own thread) and the rerun memory hear the same events, in this order
        EventBus<RunEvent> bus = new EventBus<>();
        junitEvents = new JUnitEvents(listener);
        bus.register("JUnit adapter", Delivery.synchronous(), junitEvents);
        runnerLog = new RunnerLog(settings.logDir(), settings.masker());
        bus.register("runner log", Delivery.synchronous(), runnerLog);
        Reports.subscribe(bus, run, config.reports().withDatabaseUrl(root.shards().databaseUrl().orElse(null)),
                settings.masker());
        RerunMemory.Execution outcomes = memory.execution();
        bus.register("rerun memory", Delivery.synchronous(), outcomes);
        bus.publish(new RunEvent.RunStarted(run));
        // one limiter for the whole launch: orchestrator.parallelism, thread_safe: false and resources
        // hold across every recipe, which run side by side
        LaunchLimiter limiter = new LaunchLimiter(config.parallelism(), config.parallelismExplicit());
        RecipeRunner runner = new RecipeRunner(settings, new ParallelScheduler(limiter), config.cache());
        Selection selection = new Selection(config.only(), config.skip(), config.resumeFrom(),
                root.selection().upstream());
        List<RecipeDescriptor> recipes = root.getChildren().stream().map(RecipeDescriptor.class::cast).toList();
        TestExecutionResult result = TestExecutionResult.successful();
        try {
            new RecipeQueue<RecipeDescriptor>(Math.max(1, config.parallelism())).runAll(recipes,
                    recipe -> {
                        listener.executionStarted(recipe);
                        listener.executionFinished(recipe, runRecipe(runner, recipe, selection, bus));
                    },
                    recipe -> listener.executionSkipped(recipe, "run interrupted"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = TestExecutionResult.aborted(e);
        } finally {
            finishLogs(runner);
            try {
                bus.publish(new RunEvent.RunFinished(run));
            } finally {
                settings.pythonWorkers().close(); // the launch's warm python workers and what they forked
                bus.close(); // the reports are complete once it returns
            }
            CacheCap.enforce(config.cache(), config.workspace());
            List<String> rerun = outcomes.finish(config.workspace());
            if (!recipes.isEmpty()) {
                root.selection().rerunFile().ifPresent(file -> RerunMemory.writeRerunFile(file, rerun));
            }
        }
        listener.executionFinished(root, result);
    }

    /** Every step log is complete on disk before the run is reported finished (docs/architecture.md). */
    private void finishLogs(RecipeRunner runner) {
        try {
            if (!runner.finishLogs(60)) {
                runnerLog.line("WARNING: step logs were still being written when the run finished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TestExecutionResult runRecipe(RecipeRunner runner, RecipeDescriptor descriptor, Selection selection,
                                          EventBus<RunEvent> bus) {
        if (descriptor.loaded() instanceof LoadResult.Invalid invalid) {
            RecipeInvalidException failure = new RecipeInvalidException(invalid);
            runnerLog.line(failure.getMessage().replace("\n", "\n    "));
            return TestExecutionResult.failed(failure);
        }
        Recipe recipe = descriptor.recipe().orElseThrow();
        Set<String> visible = new LinkedHashSet<>();
        descriptor.getChildren().forEach(c -> visible.add(((StepDescriptor) c).step().name()));
        addSkippedDependents(descriptor, recipe, visible);
        junitEvents.expect(descriptor, recipe);
        try {
            runner.run(recipe, visible, selection, bus);
            return TestExecutionResult.successful();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TestExecutionResult.aborted(e);
        } catch (RuntimeException | Error e) {
            return TestExecutionResult.failed(e);
        } finally {
            junitEvents.done(recipe);
        }
    }

    /**
     * A rerun that selects a step which failed last time (Surefire's {@code rerunFailingTestsCount} selects
     * failed tests by unique id) also runs the steps that were skipped because of it, registered as dynamic
     * tests of the recipe: the only way the Platform lets an engine add tests once the plan is fixed.
     */
    private void addSkippedDependents(RecipeDescriptor descriptor, Recipe recipe, Set<String> visible) {
        Sources sources = new Sources(config.workspace(), root.selection().sourceRoots());
        for (Step step : memory.dependentsToRerun(recipe, visible)) {
            StepDescriptor dependent = new StepDescriptor(
                    descriptor.getUniqueId().append(StepDescriptor.SEGMENT, step.name()), recipe, step,
                    config.qualifiedStepNames(), sources.of(recipe.source(), step.position()));
            descriptor.addChild(dependent);
            listener.dynamicTestRegistered(dependent);
            visible.add(step.name());
        }
    }

    private RunSettings settings() {
        Path workspace = config.workspace();
        ClassLoader loader = ScriptletClassPath.loader(config.classPath(), Thread.currentThread().getContextClassLoader());
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> classPath = new java.util.ArrayList<>(
                Arrays.asList(System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)));
        config.classPath().forEach(entry -> classPath.add(entry.toString()));
        return RunSettings.builder(workspace, new GlobalState(root.shards().runId()))
                .checkpoints(CheckpointStores.forWorkspace(workspace, config.durability()))
                .classLoader(loader)
                .python(config.python())
                .javaCommand(javaCommand)
                .classPath(classPath)
                // ORCH_SECRET_* values are secrets wherever they appear (the one place the engine reads them)
                .masker(Masker.create(System.getenv()))
                .logMaxBytes(config.logMaxBytes())
                .contracts(config.contracts())
                .pythonWorkers(PythonWorkers.of(config.pythonWorker()))
                .sampleResources(config.sampleResources())
                .build();
    }
}
