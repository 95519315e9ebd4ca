package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * Runs several recipes of a launch at once, each on its own daemon thread named {@code orchestrator-recipe-N}.
 * A recipe thread mostly waits for its steps; how many steps run at once is bounded by the
 * {@link LaunchLimiter} shared by the recipes' {@link ParallelScheduler}, not by this queue.
 *
 * <p>Typical use in the engine: one {@code LaunchLimiter} and one {@code ParallelScheduler} per execution,
 * then {@code new RecipeQueue(n).runAll(recipes, recipe -> runAndReport(recipe), recipe -> reportSkipped(recipe))}.
 *
 * @param <T> what one job runs (for the engine: a recipe descriptor)
 */
@API(status = INTERNAL)
public final class RecipeQueue<T> {

    /** What to do with each item. Called on a recipe thread; should report its own failures. */
    @FunctionalInterface
    public interface Job<T> {
        void run(T item) throws InterruptedException;
    }

    /** Told about each item that never started because the queue was interrupted. Called on the calling thread. */
    @FunctionalInterface
    public interface NotStarted<T> {
        void notStarted(T item);
    }

    private final int concurrency;

    /**
     * @param concurrency most items running at once
     * @throws IllegalArgumentException if {@code concurrency} is below 1
     */
    public RecipeQueue(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, found " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /**
     * Runs {@code job} for every item, starting them in list order, at most {@code concurrency} at once, and
     * returns when every started job has ended.
     *
     * <p>A {@link RuntimeException} or {@link Error} thrown by a job does not stop the others; the first is
     * rethrown at the end (later ones suppressed). If the calling thread is interrupted, running jobs are
     * interrupted, items not yet started are passed to {@code notStarted}, and once the running jobs have
     * ended the {@link InterruptedException} is rethrown.
     */
    public void runAll(List<T> items, Job<T> job, NotStarted<T> notStarted) throws InterruptedException {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "orchestrator-recipe-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Entry<T>> entries = new ArrayList<>();
        for (T item : items) {
            Entry<T> entry = new Entry<>(item, job);
            entry.future = pool.submit(entry::call);
            entries.add(entry);
        }
        pool.shutdown();
        InterruptedException interruption = null;
        Throwable failure = null;
        for (Entry<T> entry : entries) {
            while (true) {
                try {
                    entry.future.get();
                    break;
                } catch (InterruptedException e) {
                    if (interruption == null) {
                        interruption = e;
                        // queued jobs never run: cancel them so waiting for them ends
                        pool.shutdownNow().forEach(queued -> ((Future<?>) queued).cancel(false));
                    }
                } catch (CancellationException e) {
                    break;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof InterruptedException && interruption != null) {
                        break; // we asked for it
                    }
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                    break;
                }
            }
        }
        if (interruption != null) {
            for (Entry<T> entry : entries) {
                if (!entry.started) {
                    notStarted.notStarted(entry.item);
                }
            }
            if (failure != null) {
                interruption.addSuppressed(failure);
            }
            throw interruption;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static final class Entry<T> {
        private final T item;
        private final Job<T> job;
        private volatile boolean started;
        private Future<?> future;

        Entry(T item, Job<T> job) {
            this.item = item;
            this.job = job;
        }

        Void call() throws InterruptedException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("not started: the queue was interrupted");
            }
            started = true;
            job.run(item);
            return null;
        }
    }
}
