package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepService;
import dev.orchestrator.recipe.StepType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Starts a service step (docs/services.md): launched like any process step (the bridge, {@link Containment}, the
 * step's log), it passes once its {@code ready:} condition holds, and its process is then handed to
 * {@link ServiceSteps}, which stops it when the steps that need it are done. A service that exits before it is
 * ready, or is not ready within {@code ready_timeout}, fails with the end of its log, its process tree killed.
 * The ctx changes it wrote by the time it is ready are applied (complete lines only); later ones are not.
 */
final class ServiceRunner implements StepRunner {

    private static final Duration CHECK_EVERY = Duration.ofMillis(50);

    private final ServiceSteps services;
    private final Containment containment;

    /** @param services where a ready service is handed; null: the service is stopped as soon as it is ready */
    ServiceRunner(ServiceSteps services) {
        this(services, Containment.detected());
    }

    ServiceRunner(ServiceSteps services, Containment containment) {
        this.services = services;
        this.containment = containment;
    }

    @Override
    public Result run(StepRun run) throws Exception {
        Step step = run.step();
        StepService service = step.service();
        LiveSteps.Live live = LiveSteps.begin(ProcessRunner.BRIDGE_ROOT, step.name(), containment);
        ProcessTree tree = null;
        ServiceOutput output = null;
        boolean handedOver = false;
        CompletableFuture<Void> released = new CompletableFuture<>();
        try {
            List<String> command = LaunchSpec.commandFor(step, run.settings());
            ProcessBuilder builder = new ProcessBuilder(command).directory(run.settings().workspace().toFile());
            Path outFile = BridgeEnvironment.prepare(live.bridge, run, builder.environment());
            builder.environment().put(Containment.TAG_VARIABLE, live.tag);
            run.log().info("command: %s", run.settings().masker().maskArgv(command));
            run.log().info("service: ready when %s, within %s (ready_timeout)", service.ready().describe(),
                    Durations.recipe(service.readyTimeout()));
            Pattern readyLine = service.ready() instanceof StepService.Ready.Log log ? log.regex() : null;
            output = new ServiceOutput(run.log(), readyLine, run.settings().masker(), run.settings().logMaxBytes());
            Process process;
            try {
                builder.command(containment.wrap(LaunchSpec.resolved(command, run.settings().workspace())));
                process = startHeld(builder, released, step.name());
            } catch (IOException e) {
                throw new StepFailedException("cannot start " + command.get(0) + ": " + e.getMessage()
                        + (step.type() == StepType.PYTHON ? " (set orchestrator.python to the interpreter)" : ""));
            }
            process.getOutputStream().close();
            output.pump(process.getInputStream(), step.name() + "-stdout");
            output.pump(process.getErrorStream(), step.name() + "-stderr");
            tree = new ProcessTree(process, containment.wrapperProcesses());
            live.tree = tree;
            long start = System.nanoTime();
            awaitReady(process, tree, output, service, run);
            ResourceUsage usage = new ResourceUsage(Duration.ofNanos(System.nanoTime() - start), tree.cpu(), -1,
                    tree.peakRssBytes());
            output.hold();
            applyCtxSoFar(outFile, live.bridge, run);
            run.log().info("service ready after %s (%s); it keeps running while the steps that need it run; %s",
                    Durations.elapsed(usage.wall()), service.ready().describe(), usage.describe());
            RunningService running = new RunningService(step, process, tree, live, containment, output,
                    run.log().path(), run.settings().masker(), released);
            handedOver = true;
            if (services != null) {
                services.ready(running);
            } else {
                running.stop("no step can use it here");
            }
            return new Result(NullNode.getInstance(), usage);
        } finally {
            if (!handedOver) {
                if (tree != null) {
                    tree.killAll();
                }
                LiveSteps.finish(live, containment);
                if (output != null) {
                    output.close(2000);
                }
                released.complete(null);
            }
        }
    }

    /**
     * Starts the process on a thread of its own that lives until {@code released} completes. The launch wrapper's
     * parent-death signal ({@code setpriv --pdeathsig}) fires when the <em>thread</em> that started a process
     * ends, and a service outlives the step thread that starts it (a pool thread may end when its recipe does);
     * so does the launch's python worker ({@link PythonWorker}).
     */
    static Process startHeld(ProcessBuilder builder, CompletableFuture<Void> released, String name)
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
     * Checks readiness every {@link #CHECK_EVERY} until it holds.
     *
     * @throws StepFailedException when the process exits first, or {@code ready_timeout} passes (its tree killed)
     */
    private static void awaitReady(Process process, ProcessTree tree, ServiceOutput output, StepService service,
                                   StepRun run) throws InterruptedException {
        long deadline = System.nanoTime() + service.readyTimeout().toNanos();
        ReadinessProbe probe = new ReadinessProbe(service.ready(), output);
        String last = "not checked yet";
        try {
            while (true) {
                if (process.waitFor(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                    LiveSteps.haltIfShuttingDown();
                    output.close(2000);
                    int exit = process.exitValue();
                    throw new StepFailedException((exit > 128 ? "killed by signal " + (exit - 128) + " (exit code "
                            + exit + ")" : "exited with code " + exit) + " before it was ready ("
                            + service.ready().describe() + ")" + new ProcessOutput(run.log()).tail());
                }
                tree.sample();
                long left = deadline - System.nanoTime();
                Optional<String> problem = probe.check(Duration.ofNanos(Math.max(0, left)));
                if (problem.isEmpty()) {
                    return;
                }
                last = problem.get();
                if (deadline - System.nanoTime() <= 0) {
                    tree.killAll();
                    process.waitFor(5, TimeUnit.SECONDS);
                    output.close(2000);
                    throw new StepFailedException("not ready after " + Durations.recipe(service.readyTimeout())
                            + " (ready_timeout; waited until " + service.ready().describe() + ", last check: " + last
                            + "); killed the process tree" + new ProcessOutput(run.log()).tail());
                }
            }
        } catch (InterruptedException e) {
            tree.killAll();
            throw e;
        }
    }

    /**
     * Applies the ctx changes the service wrote before it became ready: the complete lines of {@code ORCH_CTX_OUT}
     * (a line it is still writing is left out, with what follows).
     */
    private static void applyCtxSoFar(Path outFile, Path bridge, StepRun run) throws IOException {
        if (!Files.exists(outFile)) {
            return; // the service wrote no ctx change (the child creates ORCH_CTX_OUT on its first one)
        }
        byte[] bytes = Files.readAllBytes(outFile);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        Path complete = Files.write(bridge.resolve("ctx-out-ready.jsonl"), Arrays.copyOf(bytes, end));
        CtxChanges changes = CtxChanges.read(complete);
        WriteContract.checkAll(run.step(), changes.keys(), run.settings().contracts());
        changes.applyTo(run.ctx());
        run.log().info("applied %d ctx change(s) written before the service was ready", changes.changes().size());
    }
}
