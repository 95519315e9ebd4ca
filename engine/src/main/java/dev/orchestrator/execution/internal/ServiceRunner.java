package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Starts a service step (docs/services.md): launched like any process step ({@link ProcessLaunch}: the bridge,
 * {@link Containment}, the step's log), but from a thread held until it is stopped, it passes once its
 * {@code ready:} condition holds, and its process is then handed to {@link ServiceSteps}, which stops it when
 * the steps that need it are done. A service that exits before it is ready, or is not ready within
 * {@code ready_timeout}, fails with the end of its log, its process tree killed. The ctx changes it wrote by the
 * time it is ready are applied (complete lines only); later ones are not.
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
        ProcessLaunch launch = ProcessLaunch.ofStep(run, containment);
        LiveSteps.Live live = launch.live;
        ServiceOutput output = null;
        boolean handedOver = false;
        CompletableFuture<Void> released = new CompletableFuture<>();
        try {
            run.log().info("command: %s", launch.loggedCommand(run));
            run.log().info("service: ready when %s, within %s (ready_timeout)", service.ready().describe(),
                    Durations.recipe(service.readyTimeout()));
            Pattern readyLine = service.ready() instanceof StepService.Ready.Log log ? log.regex() : null;
            output = new ServiceOutput(run.log(), readyLine, run.settings().masker(), run.settings().logMaxBytes());
            Process process = launch.startStep(step, released);
            output.pump(process.getInputStream(), step.name() + "-stdout");
            output.pump(process.getErrorStream(), step.name() + "-stderr");
            ProcessTree tree = live.tree;
            long start = System.nanoTime();
            awaitReady(process, tree, output, service, run);
            ResourceUsage usage = new ResourceUsage(Duration.ofNanos(System.nanoTime() - start), tree.cpu(), -1,
                    tree.peakRssBytes());
            output.hold();
            applyCtxSoFar(launch.ctxOut(), live.bridge, run);
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
                ProcessTree tree = live.tree;
                if (tree != null) {
                    tree.killAll();
                }
                launch.finish();
                if (output != null) {
                    output.close(2000);
                }
                released.complete(null);
            }
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
