package dev.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Durations;
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

    StepExecutor(RunSettings settings) {
        this.settings = settings;
    }

    StepOutcome.Finished execute(Recipe recipe, Step step, Context ctx) throws InterruptedException {
        return execute(recipe, step, ctx, null);
    }

    /** @param lines gets each line the step logs, masked (null: nobody wants them) */
    StepOutcome.Finished execute(Recipe recipe, Step step, Context ctx, Consumer<String> lines) throws InterruptedException {
        StepLogFile log;
        try {
            log = StepLogFile.create(settings.logDir(), step.name(), settings.masker(), settings.logMaxBytes()).tee(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log of step " + step.name() + " in "
                    + settings.logDir(), e);
        }
        try (log) {
            log.info("step %s (recipe %s, run %s)", step.name(), recipe.testId(), settings.runId());
            log.info("type %s, scriptlet %s, started %s", step.type().yamlName(), step.scriptletId(), Instant.now());
            long start = System.nanoTime();
            int historyBefore = ctx.historySize();
            RetryingRunner.Attempts attempts = new RetryingRunner(chainFor(step))
                    .run(new StepRun(recipe, step, ctx, log, settings, 1));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            // secrets this step put into ctx are known before its failure message and log are masked
            ctx.historySince(historyBefore).forEach(c -> settings.masker().learn(c.key(), c.value()));
            StepOutcome.Finished outcome = masked(outcome(attempts, wall, log));
            log.info("status %s after %d attempt(s)%s", outcome.status(), outcome.ran().attempts(),
                    thrown(outcome).map(t -> ": " + Failures.reason(t)).orElse(""));
            log.info("resources: %s (total wall over all attempts %s)", outcome.ran().usage().describe(),
                    Durations.millis(wall));
            return outcome;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the log of step " + step.name(), e);
        } finally {
            maskLog(log);
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

    /** A child process writes its stderr (and its own log lines) straight into the log file: mask them now. */
    private void maskLog(StepLogFile log) {
        try {
            settings.masker().maskFile(log.path());
        } catch (IOException | RuntimeException e) {
            RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "cannot mask secrets in the step log " + log.path() + ": " + e);
        }
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
    private static StepRunner chainFor(Step step) {
        boolean inProcess = step.runsInProcess();
        // a child process is timed out (and its tree killed) by the ProcessRunner itself
        StepRunner base = inProcess ? new TimeoutRunner(new InProcessJavaRunner()) : new ProcessRunner();
        return new SuccessCheckingRunner(base);
    }
}
