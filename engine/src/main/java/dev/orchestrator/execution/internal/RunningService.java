package dev.orchestrator.execution.internal;

import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.secrets.Masker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A service step's process after it became ready (docs/services.md): it notices when the process exits on its
 * own, and stops it — SIGTERM to the service's processes, then, after {@code stop_timeout}, the kill of its whole
 * tree (and of what carries its tag, see {@link Containment}). Until stopped it stays registered with
 * {@link LiveSteps}, so a JVM shut down meanwhile kills it too. Thread-safe.
 */
final class RunningService {

    private final Step step;
    private final Process process;
    private final ProcessTree tree;
    private final LiveSteps.Live live;
    private final Containment containment;
    private final ServiceOutput output;
    private final Path log;
    private final Masker masker;
    private final Instant readyAt;
    private volatile boolean stopping;
    private volatile Instant exitedAt;
    private volatile int exitCode;
    private String stopped;
    /** Completed once stopped: the thread that started the process may end then (see {@link ServiceRunner}). */
    private final CompletableFuture<Void> released;

    RunningService(Step step, Process process, ProcessTree tree, LiveSteps.Live live, Containment containment,
                   ServiceOutput output, Path log, Masker masker, CompletableFuture<Void> released) {
        this.released = released;
        this.step = step;
        this.process = process;
        this.tree = tree;
        this.live = live;
        this.containment = containment;
        this.output = output;
        this.log = log;
        this.masker = masker;
        this.readyAt = Instant.now();
        process.onExit().thenRun(this::exited);
    }

    Step step() {
        return step;
    }

    /** The service's log file (also after it is stopped). */
    Path log() {
        return log;
    }

    private void exited() {
        if (stopping) {
            return;
        }
        exitCode = process.exitValue();
        exitedAt = Instant.now();
        output.line("the service exited on its own with code " + exitCode + " at " + exitedAt);
    }

    /** Whether the process ended without being stopped. */
    boolean died() {
        return exitedAt != null;
    }

    /** Why {@code dependant} cannot rely on this service any more; empty while it runs (or was stopped). */
    Optional<String> deathFor(String dependant) {
        Instant at = exitedAt;
        return at == null ? Optional.empty() : Optional.of("service '" + step.name() + "' (step " + step.idx()
                + ") exited with code " + exitCode + " at " + at + " while '" + dependant + "' needed it");
    }

    /** The step's log is closed: the service's later output is appended to it. */
    void handOverLog() {
        output.handOver(log);
    }

    /**
     * Stops the service (once; later calls return the first answer) and says how it ended, for its log and the
     * report: "stopped (SIGTERM) after 12.31s, exit code 143", "killed after stop_timeout 10s", "had exited on its
     * own with code 1 at …".
     *
     * @param why why it is stopped now, for its log
     */
    synchronized String stop(String why) throws InterruptedException {
        if (stopped != null) {
            return stopped;
        }
        try {
            stopped = stopNow(why);
            return stopped;
        } finally {
            released.complete(null); // also when interrupted: the wrapper's parent-death signal kills it then
        }
    }

    private String stopNow(String why) throws InterruptedException {
        // a step interrupted before its outcome was settled never handed its log over: the stop lines go there
        output.handOver(log);
        Instant at = exitedAt;
        stopping = true;
        Duration grace = step.service().stopTimeout();
        String how;
        if (at != null) {
            how = "had exited on its own with code " + exitCode + " at " + at;
        } else if (!process.isAlive()) {
            how = "had exited with code " + process.exitValue();
        } else {
            output.line("stopping the service: " + why + "; SIGTERM, then the process tree is killed after "
                    + Durations.recipe(grace) + " (stop_timeout)");
            terminate();
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                how = "stopped (SIGTERM) " + Durations.elapsed(Duration.between(readyAt, Instant.now()))
                        + " after it became ready, exit code " + process.exitValue();
            } else {
                tree.killAll();
                process.waitFor(5, TimeUnit.SECONDS);
                how = "killed: still running " + Durations.recipe(grace) + " (stop_timeout) after SIGTERM";
            }
        }
        // the tree of a service that exited on its own may have left children: nothing of it outlives the stop
        tree.killAll();
        LiveSteps.finish(live, containment);
        output.line("service " + how);
        output.close(1000);
        try {
            masker.maskFile(log);
        } catch (IOException | RuntimeException e) {
            RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "cannot mask secrets in the service log " + log + ": " + e);
        }
        return how;
    }

    /**
     * SIGTERM to the service's processes, not to the launch wrappers: {@code unshare} would take the namespace
     * down with SIGKILL at once, and the namespace's {@code sh} ignores it (it is PID 1 there).
     */
    private void terminate() {
        List<ProcessHandle> targets = new ArrayList<>();
        if (containment.wrapperProcesses() == 0) {
            targets.add(process.toHandle());
            process.descendants().forEach(targets::add);
        } else {
            process.children().forEach(init -> init.descendants().forEach(targets::add));
        }
        targets.forEach(ProcessHandle::destroy);
    }
}
