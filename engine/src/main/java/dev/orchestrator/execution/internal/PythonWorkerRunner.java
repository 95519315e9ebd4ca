package dev.orchestrator.execution.internal;

import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a python step as a child forked by the launch's warm {@link PythonWorker} instead of a new interpreter:
 * the same bridge files and variables, working folder, argv ({@link ProcessLaunch}), stdout/stderr into the
 * step log, exit code and timeout as a spawned step (docs/processes.md). Every other step, a python step with
 * {@code requires_process: true} or {@code PYTHON*} variables of its own, and every step while workers are off
 * or cannot be started, goes to {@code spawn}; so does a step whose worker died before its child started.
 */
final class PythonWorkerRunner implements StepRunner {

    private static final Duration START_WITHIN = Duration.ofSeconds(30);
    /** How long a killed child may take to be reported gone before the whole worker is killed. */
    private static final Duration KILL_WITHIN = Duration.ofSeconds(10);

    private final StepRunner spawn;
    private final Containment containment;

    PythonWorkerRunner(StepRunner spawn) {
        this(spawn, Containment.detected());
    }

    PythonWorkerRunner(StepRunner spawn, Containment containment) {
        this.spawn = spawn;
        this.containment = containment;
    }

    @Override
    public Result run(StepRun run) throws Exception {
        Step step = run.step();
        if (step.type() != StepType.PYTHON || step.limits().requiresProcess() || !run.settings().pythonWorkers().enabled()) {
            return spawn.run(run);
        }
        RunnerLog runnerLog = new RunnerLog(run.settings().logDir());
        // a worker found dead when the step's child was to start is started anew once for this step
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<PythonWorker> worker = run.settings().pythonWorkers()
                    .worker(run.settings().python(), run.settings().workspace(), containment, runnerLog);
            if (worker.isEmpty()) {
                break;
            }
            ProcessLaunch launch = ProcessLaunch.ofStep(run, containment);
            Optional<Result> result;
            try {
                result = runIn(worker.get(), launch, run);
            } finally {
                launch.finish();
            }
            if (result.isPresent()) {
                return result.get();
            }
            if (worker.get().alive()) {
                break;
            }
        }
        return spawn.run(run);
    }

    /** The step's result, or empty when the worker could not start its child (the caller spawns it then). */
    private Optional<Result> runIn(PythonWorker worker, ProcessLaunch launch, StepRun run) throws Exception {
        LiveSteps.Live live = launch.live;
        Step step = run.step();
        Map<String, String> env = launch.environment();
        if (!worker.serves(env)) {
            run.log().info("the step sets PYTHON* variables of its own: it runs in an interpreter of its own");
            return Optional.empty();
        }
        List<String> command = launch.command();
        List<String> args = command.subList(3, command.size()); // after: python -m scriptlets.python.core.bridge
        ProcessOutput output = new ProcessOutput(run.log());
        long start = System.nanoTime();
        Path stdout = live.bridge.resolve("stdout.fifo");
        Path stderr = live.bridge.resolve("stderr.fifo");
        PythonWorker.Child child = worker.run(args, env, run.settings().workspace(), stdout, stderr);
        long pid;
        try {
            pid = child.started.get(START_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            run.log().info("the python worker could not start the step (%s): it runs in an interpreter of its own",
                    e.getCause() != null ? e.getCause().getMessage() : "no answer");
            return Optional.empty();
        }
        run.log().info("command: %s (forked by the python worker: pid %d)", launch.loggedCommand(run), pid);
        FifoInput out = new FifoInput(stdout);
        FifoInput err = new FifoInput(stderr);
        Thread outPump = output.pump(out, step.name() + "-stdout", true);
        Thread errPump = output.pump(err, step.name() + "-stderr", false);
        boolean timedOut = false;
        PythonWorker.Exit exit;
        try {
            exit = waitFor(child, step.limits().timeout());
            if (exit == null) {
                timedOut = true;
                exit = kill(worker, child);
            }
        } catch (ExecutionException workerDied) {
            exit = null;
        } catch (InterruptedException e) {
            worker.kill(child);
            throw e;
        }
        LiveSteps.haltIfShuttingDown();
        // the worker killed what the step left in its session or with its tag before it reported the exit; after
        // a timeout, LiveSteps also kills what carries the step's tag
        live.settled = !timedOut && exit != null;
        out.release(ProcessOutput.DRAIN_WITHIN.toMillis());
        err.release(ProcessOutput.DRAIN_WITHIN.toMillis());
        output.drain(outPump, errPump);
        Duration cpu = exit == null ? output.reportedCpu() : max(exit.cpu(), output.reportedCpu());
        long peak = Math.max(exit == null ? -1 : exit.maxRssBytes(), output.reportedPeakRss());
        ResourceUsage usage = new ResourceUsage(Duration.ofNanos(System.nanoTime() - start), cpu, -1, peak);
        if (exit == null && !timedOut) {
            throw new StepFailedException("the python worker ended while the step ran; its exit status is unknown"
                    + output.tail()).measured(usage);
        }
        run.log().info("process exited with %s; %s", timedOut ? "a timeout" : "code " + exit.code(), usage.describe());
        if (timedOut) {
            throw new StepTimeoutException("timed out after " + Durations.recipe(step.limits().timeout())
                    + "; killed the process tree" + output.tail()).measured(usage);
        }
        return Optional.of(launch.outcome(run, exit.code(), output, usage));
    }

    /** The child's exit, or null when {@code timeout} passed first. */
    private static PythonWorker.Exit waitFor(PythonWorker.Child child, Duration timeout)
            throws ExecutionException, InterruptedException {
        try {
            return timeout == null ? child.exited.get() : child.exited.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        }
    }

    /**
     * Has the worker kill the child and its session; if the worker does not report it gone in time, the whole
     * worker is killed (it is started anew for the next step). Returns the exit, or null when unknown.
     */
    private static PythonWorker.Exit kill(PythonWorker worker, PythonWorker.Child child) throws InterruptedException {
        worker.kill(child);
        try {
            return child.exited.get(KILL_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            worker.close();
            return null;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
