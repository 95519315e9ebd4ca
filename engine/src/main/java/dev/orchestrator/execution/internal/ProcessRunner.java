package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepType;
import dev.orchestrator.scriptlet.InvalidParamsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell, python or {@code requires_process} java step as a child process through the bridge of
 * docs/ctx-and-bridge.md: ctx in files and {@code CTX_*} variables, changes back through {@code ORCH_CTX_OUT}, output to the
 * step's log, the exit code mapped to the outcome. Nothing the step starts outlives it: the launch is wrapped
 * by {@link Containment} (a PID namespace where the machine allows it) and registered with {@link LiveSteps}
 * (killed, and its bridge folder deleted, at JVM shutdown).
 */
final class ProcessRunner implements StepRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(2);

    /**
     * Where the bridge files of a step live while it runs: a memory file system when there is one (creating
     * a file there costs ~15 µs against ~400 µs on a virtual disk, and a step makes four), else the temp
     * folder. The folder is private to the user (mode 700) and deleted after the step.
     */
    static final Path BRIDGE_ROOT = bridgeRoot();

    private static Path bridgeRoot() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

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
        LiveSteps.Live live = LiveSteps.begin(BRIDGE_ROOT, run.step().name(), containment);
        try {
            return runIn(live, run);
        } finally {
            LiveSteps.finish(live, containment);
        }
    }

    /** The runner log says once per log folder when a weaker guarantee than the full one holds. */
    private void warnOnce(StepRun run) {
        if (containment.reason() != null && WARNED.add(run.settings().logDir().toAbsolutePath())) {
            new RunnerLog(run.settings().logDir()).line("WARNING: process steps are not fully contained ("
                    + containment.reason() + "); see docs/processes.md");
        }
    }

    private Result runIn(LiveSteps.Live live, StepRun run) throws Exception {
        Path bridge = live.bridge;
        Step step = run.step();
        Context ctx = run.ctx();
        List<String> command = LaunchSpec.commandFor(step, run.settings());
        ProcessBuilder builder = new ProcessBuilder(command).directory(run.settings().workspace().toFile());
        Path outFile = BridgeEnvironment.prepare(bridge, run, builder.environment());
        builder.environment().put(Containment.TAG_VARIABLE, live.tag);
        // the launch reports the step's CPU time when it ends, so /proc need not be sampled for it
        Path timesFile = containment.reportsTimes() ? bridge.resolve("times") : null;
        if (timesFile != null) {
            builder.environment().put(Containment.TIMES_VARIABLE, timesFile.toString());
        }
        // without a report from the launch (no PID namespace) sampling is the only source of figures
        boolean sample = run.settings().sampleResources() || timesFile == null;
        run.log().info("command: %s", run.settings().masker().maskArgv(command));

        // stdout and stderr are copied into the step log by the engine, within the log's cap (the scriptlet
        // libraries see ORCH_LOG_VIA_STDERR and write their lines to stderr only); stdout's last line is the
        // python/java result
        ProcessOutput output = new ProcessOutput(run.log());
        long start = System.nanoTime();
        Process process;
        try {
            builder.command(containment.wrap(LaunchSpec.resolved(command, run.settings().workspace())));
            process = builder.start();
        } catch (IOException e) {
            throw new StepFailedException("cannot start " + command.get(0) + ": " + e.getMessage()
                    + (step.type() == StepType.PYTHON ? " (set orchestrator.python to the interpreter)" : ""));
        }
        process.getOutputStream().close();
        Thread outPump = output.pump(process.getInputStream(), step.name() + "-stdout", step.type() != StepType.SHELL);
        Thread errPump = output.pump(process.getErrorStream(), step.name() + "-stderr", false);
        ProcessTree tree = new ProcessTree(process, containment.wrapperProcesses());
        live.tree = tree;
        boolean timedOut = waitFor(process, tree, step.limits().timeout(), sample);
        LiveSteps.haltIfShuttingDown();
        // in a PID namespace nothing is left once the step's process has ended; else kill what kept the tag
        List<Long> survivors = List.of();
        if (containment.mode() == Containment.Mode.MARKER) {
            tree.killAll();
            survivors = TaggedProcesses.kill(live.tag);
        }
        live.settled = survivors.isEmpty();
        long drained = System.nanoTime() + PUMP_DRAIN.toNanos();
        outPump.join(PUMP_DRAIN.toMillis());
        errPump.join(Math.max(1, (drained - System.nanoTime()) / 1_000_000));
        output.readMetrics();
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
        int exit = process.exitValue();
        if (exit != 0) {
            discard(outFile, run);
            RuntimeException failure = exitFailure(exit, output);
            throw failure instanceof StepFailedException measurable ? measurable.measured(usage) : failure;
        }
        applyChanges(outFile, run, usage);
        return new Result(result(step, output.lastStdoutLine()), usage);
    }

    /**
     * Applies the ctx changes a process step wrote to {@code outFile} (none when it never created it), after
     * checking them against the step's declared {@code writes}: an undeclared one applies none of them.
     */
    static void applyChanges(Path outFile, StepRun run, ResourceUsage usage) throws IOException {
        CtxChanges changes = CtxChanges.read(outFile);
        try {
            WriteContract.checkAll(run.step(), changes.keys(), run.settings().contracts());
        } catch (StepFailedException undeclared) {
            discard(outFile, run);
            throw undeclared.measured(usage);
        }
        changes.applyTo(run.ctx());
        run.log().info("applied %d ctx change(s)", changes.changes().size());
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

    static RuntimeException exitFailure(int exit, ProcessOutput output) {
        if (exit == 2) {
            String tail = output.tail();
            // the scriptlet's own reason is the message; the log's tail stays below it for context
            return new InvalidParamsException(UsageReason.from(tail).map(reason -> reason + " (exit code 2)")
                    .orElse("the scriptlet exited with code 2") + tail);
        }
        if (exit == StepOutcome.Aborted.EXIT_CODE) {
            return new StepAbortedException("aborted: exited with code " + exit + output.tail());
        }
        if (exit > 128) {
            return new StepFailedException("killed by signal " + (exit - 128) + " (exit code " + exit + ")" + output.tail());
        }
        return new StepFailedException("exited with code " + exit + (exit == 1 ? " (failure)" : "") + output.tail());
    }

    /** A failed step's ctx changes are not applied; they are kept in its log so that nothing is lost. */
    static void discard(Path outFile, StepRun run) throws IOException {
        if (Files.exists(outFile) && Files.size(outFile) > 0) {
            run.log().info("ctx changes NOT applied because the step failed:");
            try (java.io.InputStream changes = Files.newInputStream(outFile)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = changes.read(buffer)) > 0; ) {
                    run.log().raw(buffer, 0, n);
                }
            }
        }
    }

    /** python and java bridges print the JSON result as their last stdout line; shell steps have none. */
    static JsonNode result(Step step, String lastLine) {
        if (step.type() == StepType.SHELL || lastLine == null || lastLine.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(lastLine);
            return node == null ? NullNode.getInstance() : node;
        } catch (IOException notJson) {
            return NullNode.getInstance();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

}
