package dev.orchestrator.event.internal;

import dev.orchestrator.event.Event;
import dev.orchestrator.event.Subscriptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One subscriber's own thread and its bounded queue. The thread takes everything that queued up since it last
 * woke (at most {@link #BATCH} events) and handles it as one batch, in publishing order.
 *
 * <p>Once woken by an event, the thread lingers a moment ({@link #LINGER}) before it takes the batch, unless the
 * queue is half full or the bus closes: a step publishes a few events, and waking every subscriber's thread for
 * each of them cost more context switches than the subscribers' work on a machine of few cores (a profile of
 * 2000 no-op steps: bench/profiles/inproc-step.md). A subscriber hears an event at most that much later.
 */
final class BackgroundDelivery<E extends Event> {

    /** Most events handled as one batch. */
    static final int BATCH = 1_000;

    /** How long the thread waits, once woken, for more events to join the batch. */
    static final Duration LINGER = Duration.ofMillis(10);

    private static final Object END = new Object();

    private final Subscription<E> subscription;
    private final Guard guard;
    private final BlockingQueue<Object> queue;
    private final int wakeAt;
    private final Thread thread;
    private volatile boolean closing;

    BackgroundDelivery(Subscription<E> subscription, Guard guard, int capacity) {
        this.subscription = subscription;
        this.guard = guard;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wakeAt = Math.max(1, Math.min(capacity / 2, BATCH));
        this.thread = new Thread(this::loop, "orchestrator-events-" + subscription.name.replace(' ', '-'));
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code event}; waits while the queue is full (the subscriber is far behind) rather than drop it.
     * An interrupt does not stop the wait (the event must not be lost); it is kept for the caller. Events that
     * come once {@link #close} has begun are dropped: the subscriber has finished.
     */
    void enqueue(Event event) {
        if (closing) {
            return;
        }
        if (queue.offer(event)) {
            if (queue.size() >= wakeAt) {
                LockSupport.unpark(thread); // a full batch waits: no need to linger
            }
            return;
        }
        LockSupport.unpark(thread);
        boolean interrupted = false;
        try {
            while (!closing && thread.isAlive()) {
                try {
                    if (queue.offer(event, 50, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        List<Object> batch = new ArrayList<>();
        boolean end = false;
        while (!end) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody but close() may end this thread, and it does so with END
            }
            linger();
            queue.drainTo(batch, BATCH - 1);
            int stop = batch.indexOf(END);
            if (stop >= 0) {
                end = true;
                batch.subList(stop, batch.size()).clear();
            }
            if (!batch.isEmpty()) {
                handle(batch);
            }
            batch.clear();
        }
    }

    private void linger() {
        long deadline = System.nanoTime() + LINGER.toNanos();
        long left;
        // parkNanos may return early (an unpark, a spurious wake-up): go on waiting unless there is reason not to
        while (!closing && queue.size() < wakeAt && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private void handle(List<Object> batch) {
        Runnable handleAll = () -> {
            for (Object queued : batch) {
                Event event = (Event) queued;
                Consumer<Object>[] handlers = subscription.handlersFor(event.getClass());
                guard.handle(handlers, event);
            }
        };
        Subscriptions.BatchScope scope = subscription.batchScope();
        if (scope == null) {
            handleAll.run();
        } else {
            guard.around(scope, handleAll, batch);
        }
    }

    /**
     * Lets the subscriber handle everything queued so far, waiting at most {@code drain}; one that takes longer
     * goes on in the background, and the warnings say so.
     */
    void close(Duration drain) {
        closing = true;
        LockSupport.unpark(thread);
        long deadline = System.nanoTime() + drain.toNanos();
        try {
            boolean ended = false;
            while (!ended && thread.isAlive() && System.nanoTime() < deadline) {
                ended = queue.offer(END, Math.min(50, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            }
            thread.join(Math.max(1, remainingMillis(deadline)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            guard.warn("did not finish within " + describe(drain) + " after the run; it goes on in the background");
        }
        guard.finish();
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static String describe(Duration drain) {
        return drain.toMinutes() > 0 ? drain.toMinutes() + " minutes" : drain.toMillis() + " ms";
    }
}
