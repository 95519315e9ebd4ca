package dev.orchestrator.cli.internal;

import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Live progress of a run: a line per step as it starts and as it ends (status and duration). On a terminal
 * a progress bar stays on the last line; elsewhere (pipes, CI logs) only plain lines are written.
 */
final class Progress implements TestExecutionListener {

    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final boolean verbose;
    private final RunResults results;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final java.util.Map<String, Long> startedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long total;
    private volatile TestPlan plan;

    /**
     * @param terminal draw a progress bar (stdout is a terminal)
     * @param verbose  also print every line of a failure and each step's report entries (log file, attempts, resources)
     * @param results  the collector, for each step's report entries (log file, attempts, resources)
     */
    Progress(PrintWriter out, boolean terminal, boolean verbose, RunResults results) {
        this.out = out;
        this.terminal = terminal;
        this.verbose = verbose;
        this.results = results;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
        this.total = testPlan.countTestIdentifiers(TestIdentifier::isTest);
        print(null);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        synchronized (out) {
            if (terminal) {
                out.print("\r\033[K");
            }
            out.flush();
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        startedAt.put(id.getUniqueId(), System.nanoTime());
        if (id.isTest()) {
            print("[ RUN    ] " + name(id));
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            done.incrementAndGet();
            print("[ SKIP   ] " + name(id) + ": " + reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        if (id.isTest() && result.getStatus() == TestExecutionResult.Status.ABORTED) {
            done.incrementAndGet();
            print("[ ABORT  ] " + name(id) + ": " + result.getThrowable().map(RunResults::describe).orElse(""));
        } else if (id.isTest()) {
            done.incrementAndGet();
            // the platform calls "finished" listeners in reverse order: this runs before the collector's
            Long start = startedAt.get(id.getUniqueId());
            Duration took = start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
            StringBuilder line = new StringBuilder(ok ? "[     OK ] " : "[ FAILED ] ")
                    .append(name(id)).append(" (").append(Durations.elapsed(took)).append(')');
            if (ok) {
                results.step(id).map(s -> s.cachedFrom).ifPresent(run -> line.append(": cached from run ").append(run));
            }
            if (!ok) {
                failed.incrementAndGet();
                String message = result.getThrowable().map(RunResults::describe).orElse("");
                line.append(": ").append(verbose ? message.strip() : Table.firstLine(message, 160));
            }
            if (verbose) {
                results.step(id).ifPresent(s -> s.details.forEach(d -> line.append("\n           ").append(d)));
            }
            print(line.toString());
        } else if (!ok && plan != null && plan.getParent(id).map(p -> p.getType().isContainer()).orElse(false)
                && plan.getParent(id).flatMap(p -> plan.getParent(p)).isEmpty()) {
            // a recipe container failed as a whole (an invalid recipe): its message lists the problems
            String message = result.getThrowable().map(RunResults::describe).orElse("");
            print("[ ERROR  ] " + id.getDisplayName() + ": " + (verbose ? message : message.strip()));
        }
    }

    private String name(TestIdentifier id) {
        String recipe = plan == null ? "" : plan.getParent(id).map(TestIdentifier::getDisplayName).orElse("");
        return recipe.isEmpty() ? id.getDisplayName() : recipe + " › " + id.getDisplayName();
    }

    private void print(String line) {
        synchronized (out) {
            if (terminal) {
                out.print("\r\033[K");
            }
            if (line != null) {
                out.println(line);
            }
            if (terminal) {
                out.print(bar());
            }
            out.flush();
        }
    }

    private String bar() {
        long all = Math.max(total, 1);
        int filled = (int) (BAR_WIDTH * Math.min(done.get(), all) / all);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + done.get() + "/"
                + Counts.of(total, "step") + (failed.get() > 0 ? ", " + failed.get() + " failed" : "");
    }
}
