package dev.orchestrator.execution.internal;

import java.time.Duration;

/**
 * Reruns a failed attempt up to the step's {@code retries} times, {@code retry_delay} apart; each attempt
 * is logged and counted. A timeout is retried like any failure; invalid parameters are not (they cannot
 * get better), nor is an abort (the step decided not to go on: not a failure).
 */
final class RetryingRunner {

    private final StepRunner delegate;

    RetryingRunner(StepRunner delegate) {
        this.delegate = delegate;
    }

    /** The result of the first successful attempt, or the last failure with the number of attempts made. */
    Attempts run(StepRun first) throws InterruptedException {
        int max = first.step().limits().maxAttempts();
        Duration delay = first.step().limits().retryDelay();
        Throwable last = null;
        for (int attempt = 1; attempt <= max; attempt++) {
            StepRun run = new StepRun(first.recipe(), first.step(), first.ctx(), first.log(), first.settings(), attempt);
            run.log().info("attempt %d of %d", attempt, max);
            try {
                return new Attempts(delegate.run(run), null, attempt);
            } catch (InterruptedException e) {
                throw e;
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Exception | Error e) {
                // AssertionError, LinkageError (a scriptlet's missing dependency), StackOverflowError: the
                // step failed, not the engine
                last = e;
                run.log().info("attempt %d %s: %s", attempt, Failures.isAborted(e) ? "aborted" : "failed",
                        Failures.reason(e));
                if (Failures.isInvalidParams(e) || Failures.isAborted(e)) {
                    return new Attempts(null, e, attempt);
                }
                if (attempt < max && !delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
            }
        }
        return new Attempts(null, last, max);
    }

    /** The outcome of all attempts: a result, or the last failure. */
    record Attempts(StepRunner.Result result, Throwable failure, int count) {
    }
}
