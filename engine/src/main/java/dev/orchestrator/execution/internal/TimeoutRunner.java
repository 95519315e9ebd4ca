package dev.orchestrator.execution.internal;

import dev.orchestrator.recipe.internal.Durations;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an in-process step on its own thread and gives up after the step's {@code timeout}: the thread is
 * interrupted and the step fails with "timed out after …". (Java cannot kill a thread; a scriptlet that
 * ignores interrupts keeps running in the background, which the log says.)
 */
final class TimeoutRunner implements StepRunner {

    private static final Duration GRACE = Duration.ofSeconds(1);

    private final StepRunner delegate;

    TimeoutRunner(StepRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public Result run(StepRun run) throws Exception {
        Duration timeout = run.step().limits().timeout();
        if (timeout == null) {
            return delegate.run(run);
        }
        FutureTask<Result> task = new FutureTask<>(() -> delegate.run(run));
        Thread worker = new Thread(task, "orchestrator-step-" + run.step().name());
        worker.setDaemon(true);
        worker.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        worker.start();
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            worker.join(GRACE.toMillis());
            if (worker.isAlive()) {
                run.log().info("the scriptlet ignored the interrupt and is still running in the background");
            }
            throw new StepTimeoutException("timed out after " + Durations.recipe(timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (CancellationException | InterruptedException e) {
            task.cancel(true);
            throw e;
        }
    }
}
