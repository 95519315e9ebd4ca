package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.scriptlet.InvalidParamsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Runs one step: opens its log, runs the attempts through the runner chain for its type, and writes the
 * summary (status, wall time, CPU, memory) at the end of the log.
 */
final class StepExecutor {

    private final RunSettings settings;
    /** The run's one writer of step logs: a step's thread never waits for its log file. */
    private final StepLogWriter logs;

    StepExecutor(RunSettings settings) {
        this.settings = settings;
        this.logs = new StepLogWriter(settings.masker());
    }

    /** A new log for {@code step}, written by the run's log writer (a cached step's log, for one). */
    StepLogFile newLog(String step) throws java.io.IOException {
        return StepLogFile.create(logs, settings.logDir(), step, settings.logMaxBytes());
    }

    /** Appends a (masked) line to the log of a step that has ended, after what its run queued for it. */
    void appendToLog(java.nio.file.Path log, String line) {
        logs.appendAfterClose(log, line);
    }

    /**
     * Waits until every step log handed over so far is complete on disk (the end of a run).
     *
     * @return false when the writer did not finish within {@code seconds}
     */
    boolean finishLogs(long seconds) throws InterruptedException {
        return logs.drain(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    StepOutcome.Finished execute(Recipe recipe, Step step, Context ctx) throws InterruptedException {
        return execute(recipe, step, ctx, null, null);
    }

    /**
     * @param services where a service step's ready process is handed (null: stopped once ready)
     * @param lines    gets each line the step logs, masked (null: nobody wants them)
     */
    StepOutcome.Finished execute(Recipe recipe, Step step, Context ctx, ServiceSteps services, Consumer<String> lines)
            throws InterruptedException {
        StepLogFile log;
        try {
            log = StepLogFile.create(logs, settings.logDir(), step.name(), settings.logMaxBytes()).tee(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log of step " + step.name() + " in "
                    + settings.logDir(), e);
        }
        try (log) {
            log.info("step %s (recipe %s, run %s)", step.name(), recipe.testId(), settings.runId());
            log.info("type %s, scriptlet %s, started %s", step.type().yamlName(), step.scriptletId(), Instant.now());
            long start = System.nanoTime();
            int historyBefore = ctx.historySize();
            RetryingRunner.Attempts attempts = new RetryingRunner(chainFor(step, services))
                    .run(new StepRun(recipe, step, WriteContract.guard(step, ctx, settings.contracts()), log, settings, 1));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            // secrets this step put into ctx are known before its failure message and log are masked
            ctx.historySince(historyBefore).forEach(c -> settings.masker().learn(c.key(), c.value()));
            StepOutcome.Finished outcome = masked(outcome(attempts, wall, log));
            log.info("status %s after %s%s", outcome.status(), Counts.of(outcome.ran().attempts(), "attempt"),
                    thrown(outcome).map(t -> ": " + Failures.reason(t)).orElse(""));
            log.info("resources: %s (total wall over all attempts %s)", outcome.ran().usage().describe(),
                    Durations.millis(wall));
            // the writer masks the whole log once more after its last line (output reached it unmasked)
            return outcome;
        }
    }

    /**
     * The most characters of a failure message (each of its causes too): an in-process scriptlet may throw
     * with a message of any size; the sinks (JUnit, Allure, the workbook, the database) get at most this.
     */
    static final int MAX_MESSAGE_CHARS = 16 * 1024;

    /** The outcome with its failure message masked and bounded, and its result masked: every sink gets it so. */
    private StepOutcome.Finished masked(StepOutcome.Finished outcome) {
        var masker = settings.masker();
        if (outcome instanceof StepOutcome.Passed passed) {
            return new StepOutcome.Passed(masker.mask(passed.result()), passed.ran());
        }
        if (outcome instanceof StepOutcome.Failed failed) {
            return new StepOutcome.Failed(masker.mask(failed.failure(), MAX_MESSAGE_CHARS), failed.ran());
        }
        StepOutcome.Aborted aborted = (StepOutcome.Aborted) outcome;
        return new StepOutcome.Aborted(masker.mask(aborted.cause(), MAX_MESSAGE_CHARS), aborted.ran());
    }

    /** What a failed or aborted step threw; empty for a passed one. */
    static java.util.Optional<Throwable> thrown(StepOutcome outcome) {
        if (outcome instanceof StepOutcome.Failed failed) {
            return java.util.Optional.of(failed.failure());
        }
        if (outcome instanceof StepOutcome.Aborted aborted) {
            return java.util.Optional.of(aborted.cause());
        }
        return java.util.Optional.empty();
    }

    private static StepOutcome.Finished outcome(RetryingRunner.Attempts attempts, Duration wall, StepLogFile log) {
        if (attempts.failure() == null) {
            StepRunner.Result result = attempts.result();
            JsonNode value = result.value();
            if (value != null && !value.isNull()) {
                log.info("result: %s", value);
            }
            return new StepOutcome.Passed(value, StepOutcome.Ran.of(result.usage(), attempts.count(), log.path()));
        }
        Throwable failure = attempts.failure();
        if (failure instanceof InvalidParamsException invalid) {
            failure = new StepFailedException("invalid parameters: " + invalid.getMessage());
        }
        // the last attempt's figures when it was measured (a process that exited, criteria not met)
        ResourceUsage measured = failure instanceof StepFailedException f && f.usage() != null ? f.usage() : null;
        ResourceUsage usage = measured == null ? new ResourceUsage(wall, Duration.ZERO, -1, -1)
                : new ResourceUsage(wall, measured.cpu(), measured.allocatedBytes(), measured.peakMemoryBytes());
        StepOutcome.Ran ran = StepOutcome.Ran.of(usage, attempts.count(), log.path());
        return Failures.isAborted(failure) ? new StepOutcome.Aborted(failure, ran) : new StepOutcome.Failed(failure, ran);
    }

    /** The runner chain for a step's type: one place that decides which decorators apply. */
    private static StepRunner chainFor(Step step, ServiceSteps services) {
        boolean inProcess = step.runsInProcess();
        // a child process is timed out (and its tree killed) by the ProcessRunner itself
        StepRunner base = inProcess ? new TimeoutRunner(new InProcessJavaRunner())
                : new PythonWorkerRunner(new ProcessRunner());
        if (step.service().enabled()) {
            base = new ServiceRunner(services); // docs/services.md
        }
        return new SuccessCheckingRunner(base);
    }
}
