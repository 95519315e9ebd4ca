package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepType;
import dev.orchestrator.scriptlet.InvalidParamsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One child process the engine launches, the same way for a process step ({@link ProcessRunner}), a service
 * ({@link ServiceRunner}), a step forked by the python worker ({@link PythonWorkerRunner}) and the worker itself
 * ({@link PythonWorker}): registered with {@link LiveSteps} (a private bridge folder, a tag, killed at JVM
 * shutdown); its command found on {@code PATH} and wrapped by {@link Containment}; run in the workspace with the
 * JVM's environment plus the tag, and for a step the bridge files and variables of {@link BridgeEnvironment}.
 * Once a step's process has exited, its exit code is read here too: a failure (its ctx changes kept in the log,
 * not applied), or its ctx changes applied and its stdout's last line as the result. What is left to each runner
 * is what differs about it: how it waits, when it passes, who forks the process.
 *
 * <p>{@link #finish()} ends the launch (kills what is left unless {@link LiveSteps.Live#settled}, deletes the
 * bridge folder); a launch handed on (a ready service, a worker) is finished by its new owner.
 */
final class ProcessLaunch {

    /**
     * Where the bridge files of a step live while it runs: a memory file system when there is one (creating
     * a file there costs ~15 µs against ~400 µs on a virtual disk, and a step makes four), else the temp
     * folder. The folder is private to the user (mode 700) and deleted after the step.
     */
    static final Path BRIDGE_ROOT = bridgeRoot();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The registration with {@link LiveSteps}: bridge folder, tag, and once started the process tree. */
    final LiveSteps.Live live;
    private final Containment containment;
    private final String name;
    private final List<String> command;
    private final Path directory;
    private final ProcessBuilder builder;
    private Path ctxOut;

    private ProcessLaunch(LiveSteps.Live live, Containment containment, String name, List<String> command,
                          Path directory) {
        this.live = live;
        this.containment = containment;
        this.name = name;
        this.command = command;
        this.directory = directory;
        this.builder = new ProcessBuilder(command).directory(directory.toFile());
    }

    private static Path bridgeRoot() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * A step's launch: its command ({@link LaunchSpec}) in the workspace, the bridge files written and their
     * variables set, then the step's tag (after the step's own {@code env}, which cannot replace it).
     *
     * @throws StepFailedException if the command line or the step's env is too large to start a process
     */
    static ProcessLaunch ofStep(StepRun run, Containment containment) throws IOException {
        Step step = run.step();
        LiveSteps.Live live = LiveSteps.begin(BRIDGE_ROOT, step.name(), containment);
        try {
            ProcessLaunch launch = new ProcessLaunch(live, containment, step.name(),
                    LaunchSpec.commandFor(step, run.settings()), run.settings().workspace());
            launch.ctxOut = BridgeEnvironment.prepare(live.bridge, run, launch.environment());
            launch.environment().put(Containment.TAG_VARIABLE, live.tag);
            return launch;
        } catch (IOException | RuntimeException e) {
            LiveSteps.finish(live, containment);
            throw e;
        }
    }

    /** A launch of the engine's own ({@code name} in its bridge folder and threads): {@code command} in {@code directory}. */
    static ProcessLaunch of(String name, List<String> command, Path directory, Containment containment)
            throws IOException {
        LiveSteps.Live live = LiveSteps.begin(BRIDGE_ROOT, name, containment);
        ProcessLaunch launch = new ProcessLaunch(live, containment, name, command, directory);
        launch.environment().put(Containment.TAG_VARIABLE, live.tag);
        return launch;
    }

    /** The command as the step gave it (before the wrapper): for the log and for messages. */
    List<String> command() {
        return command;
    }

    /** The child's environment, to add to before {@link #start}. */
    Map<String, String> environment() {
        return builder.environment();
    }

    /** The file a step appends its ctx changes to ({@code ORCH_CTX_OUT}); null for a launch of the engine's own. */
    Path ctxOut() {
        return ctxOut;
    }

    /** The masked command line the step log shows. */
    List<String> loggedCommand(StepRun run) {
        return run.settings().masker().maskArgv(command);
    }

    /**
     * Starts the process and registers its tree with {@link LiveSteps}.
     *
     * @param heldUntil null: started from this thread; else from a thread that lives until it completes (see
     *                  {@link #startHeld})
     * @throws IOException when it cannot start (the program is on no {@code PATH} entry, …)
     */
    Process start(CompletableFuture<Void> heldUntil) throws IOException, InterruptedException {
        builder.command(containment.wrap(LaunchSpec.resolved(command, directory)));
        Process process = heldUntil == null ? builder.start() : startHeld(builder, heldUntil, name);
        live.tree = new ProcessTree(process, containment.wrapperProcesses());
        return process;
    }

    /**
     * Starts a step's process as {@link #start} does, its stdin closed (a step reads nothing from the engine).
     *
     * @throws StepFailedException when it cannot start, naming the program (and the setting, for python)
     */
    Process startStep(Step step, CompletableFuture<Void> heldUntil) throws IOException, InterruptedException {
        Process process;
        try {
            process = start(heldUntil);
        } catch (IOException e) {
            throw new StepFailedException("cannot start " + command.get(0) + ": " + e.getMessage()
                    + (step.type() == StepType.PYTHON ? " (set orchestrator.python to the interpreter)" : ""));
        }
        process.getOutputStream().close();
        return process;
    }

    /** Ends the launch (see the class comment). */
    void finish() {
        LiveSteps.finish(live, containment);
    }

    /**
     * Starts the process on a thread of its own that lives until {@code released} completes. The launch wrapper's
     * parent-death signal ({@code setpriv --pdeathsig}) fires when the <em>thread</em> that started a process
     * ends, and a service outlives the step thread that starts it (a pool thread may end when its recipe does);
     * so does the launch's python worker ({@link PythonWorker}).
     */
    private static Process startHeld(ProcessBuilder builder, CompletableFuture<Void> released, String name)
            throws IOException, InterruptedException {
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread holder = new Thread(() -> {
            try {
                started.complete(builder.start());
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            released.join();
        }, "orchestrator-held-" + name);
        holder.setDaemon(true);
        holder.start();
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("cannot start " + name, e.getCause());
        } catch (InterruptedException e) {
            // the start goes on regardless: whatever it started is killed with the tree it joins, or by its wrapper
            started.thenAccept(Process::destroyForcibly);
            throw e;
        }
    }

    /**
     * What a step's process that exited with {@code exit} (not timed out) means: 0 passes, with its ctx changes
     * applied ({@link #applyChanges}) and its result; anything else fails, its ctx changes kept in the log only.
     *
     * @throws StepFailedException (measured with {@code usage}), {@link InvalidParamsException} or
     *                             {@link StepAbortedException} as {@link #exitFailure} maps the code
     */
    StepRunner.Result outcome(StepRun run, int exit, ProcessOutput output, ResourceUsage usage) throws IOException {
        if (exit != 0) {
            discard(ctxOut, run);
            RuntimeException failure = exitFailure(exit, output);
            throw failure instanceof StepFailedException measurable ? measurable.measured(usage) : failure;
        }
        applyChanges(ctxOut, run, usage);
        return new StepRunner.Result(result(run.step(), output.lastStdoutLine()), usage);
    }

    /**
     * Applies the ctx changes a process step wrote to {@code outFile} (none when it never created it), after
     * checking them against the step's declared {@code writes}: an undeclared one applies none of them.
     */
    private static void applyChanges(Path outFile, StepRun run, ResourceUsage usage) throws IOException {
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

    private static RuntimeException exitFailure(int exit, ProcessOutput output) {
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
    private static void discard(Path outFile, StepRun run) throws IOException {
        if (Files.exists(outFile) && Files.size(outFile) > 0) {
            run.log().info("ctx changes NOT applied because the step failed:");
            try (InputStream changes = Files.newInputStream(outFile)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = changes.read(buffer)) > 0; ) {
                    run.log().raw(buffer, 0, n);
                }
            }
        }
    }

    /** python and java bridges print the JSON result as their last stdout line; shell steps have none. */
    private static JsonNode result(Step step, String lastLine) {
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
}
