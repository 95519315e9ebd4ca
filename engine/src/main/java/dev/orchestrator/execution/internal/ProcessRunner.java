package dev.orchestrator.execution.internal;

import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell, python or {@code requires_process} java step as a child process through the bridge of
 * docs/ctx-and-bridge.md: ctx in files and {@code CTX_*} variables, changes back through {@code ORCH_CTX_OUT}, output to the
 * step's log, the exit code mapped to the outcome. Nothing the step starts outlives it: the launch
 * ({@link ProcessLaunch}) is wrapped by {@link Containment} (a PID namespace where the machine allows it) and
 * registered with {@link LiveSteps} (killed, and its bridge folder deleted, at JVM shutdown). What is this
 * runner's own: waiting for the process (sampling its resources, its timeout) and killing what it left.
 */
final class ProcessRunner implements StepRunner {

    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private final Containment containment;

    ProcessRunner() {
        this(Containment.detected());
    }

    ProcessRunner(Containment containment) {
        this.containment = containment;
    }

    @Override
    public Result run(StepRun run) throws Exception {
        warnOnce(run);
        ProcessLaunch launch = ProcessLaunch.ofStep(run, containment);
        try {
            return runIn(launch, run);
        } finally {
            launch.finish();
        }
    }

    /** The runner log says once per log folder when a weaker guarantee than the full one holds. */
    private void warnOnce(StepRun run) {
        if (containment.reason() != null && WARNED.add(run.settings().logDir().toAbsolutePath())) {
            new RunnerLog(run.settings().logDir()).line("WARNING: process steps are not fully contained ("
                    + containment.reason() + "); see docs/processes.md");
        }
    }

    private Result runIn(ProcessLaunch launch, StepRun run) throws Exception {
        LiveSteps.Live live = launch.live;
        Step step = run.step();
        // the launch reports the step's CPU time when it ends, so /proc need not be sampled for it
        Path timesFile = containment.reportsTimes() ? live.bridge.resolve("times") : null;
        if (timesFile != null) {
            launch.environment().put(Containment.TIMES_VARIABLE, timesFile.toString());
        }
        // without a report from the launch (no PID namespace) sampling is the only source of figures
        boolean sample = run.settings().sampleResources() || timesFile == null;
        run.log().info("command: %s", launch.loggedCommand(run));

        // stdout and stderr are copied into the step log by the engine, within the log's cap (the scriptlet
        // libraries see ORCH_LOG_VIA_STDERR and write their lines to stderr only); stdout's last line is the
        // python/java result
        ProcessOutput output = new ProcessOutput(run.log());
        long start = System.nanoTime();
        Process process = launch.startStep(step, null);
        Thread outPump = output.pump(process.getInputStream(), step.name() + "-stdout", step.type() != StepType.SHELL);
        Thread errPump = output.pump(process.getErrorStream(), step.name() + "-stderr", false);
        ProcessTree tree = live.tree;
        boolean timedOut = waitFor(process, tree, step.limits().timeout(), sample);
        LiveSteps.haltIfShuttingDown();
        // in a PID namespace nothing is left once the step's process has ended; else kill what kept the tag
        List<Long> survivors = List.of();
        if (containment.mode() == Containment.Mode.MARKER) {
            tree.killAll();
            survivors = TaggedProcesses.kill(live.tag);
        }
        live.settled = survivors.isEmpty();
        output.drain(outPump, errPump);
        if (output.lastLineTooLong()) {
            run.log().info("the last stdout line is longer than %d bytes: not read as the result",
                    ProcessOutput.MAX_RESULT_BYTES);
        }
        if (outPump.isAlive() || errPump.isAlive()) {
            run.log().info("the process left background children holding its output open; not waiting for them");
        }
        Duration launchCpu = timesFile == null ? Duration.ZERO : ProcessTree.reportedTimes(timesFile);
        ResourceUsage usage = new ResourceUsage(Duration.ofNanos(System.nanoTime() - start),
                max(max(tree.cpu(), output.reportedCpu()), launchCpu), -1,
                Math.max(tree.peakRssBytes(), output.reportedPeakRss()));
        if (run.settings().sampleResources() && !tree.curve().isEmpty()) {
            run.log().info("%s", tree.curve());
        }
        run.log().info("process exited with %s; %s", timedOut ? "a timeout" : "code " + process.exitValue(),
                usage.describe());
        if (!survivors.isEmpty()) {
            run.log().info("%d process(es) of the step could not be killed: %s", survivors.size(), survivors);
        }
        if (timedOut) {
            throw new StepTimeoutException("timed out after " + Durations.recipe(step.limits().timeout()) + "; "
                    + (survivors.isEmpty() ? "killed the process tree"
                            : survivors.size() + " process(es) of the step could not be killed: " + survivors)
                    + output.tail()).measured(usage);
        }
        return launch.outcome(run, process.exitValue(), output, usage);
    }

    /**
     * Waits for the process, sampling its resources every {@link ProcessTree#SAMPLE_EVERY} when {@code sample};
     * kills the tree and returns true on timeout (after one sample: the figures of a step killed are its last).
     */
    private static boolean waitFor(Process process, ProcessTree tree, Duration timeout, boolean sample)
            throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try {
            if (!sample) {
                if (timeout == null) {
                    process.waitFor();
                    return false;
                }
                if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    return false;
                }
                tree.sample();
                tree.killAll();
                process.waitFor();
                return true;
            }
            // no sample at the start: a process just forked has used nothing yet
            while (!process.waitFor(ProcessTree.SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                tree.sample();
                if (System.nanoTime() - deadline > 0) {
                    tree.killAll();
                    process.waitFor();
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            tree.killAll();
            throw e;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
