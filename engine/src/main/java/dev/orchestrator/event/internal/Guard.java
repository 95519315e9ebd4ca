package dev.orchestrator.event.internal;

import dev.orchestrator.event.Event;
import dev.orchestrator.event.Subscriptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Keeps one subscriber's trouble to itself: whatever its handlers throw (a full disk, a locked database, a
 * missing class) is told once to {@link Warnings}, then only counted, so the run and the other subscribers go
 * on. The subscriber goes on hearing events: one bad event must not cost the rest of a report.
 */
final class Guard {

    private final String name;
    private final Warnings warnings;
    private final AtomicInteger failures = new AtomicInteger();

    Guard(String name, Warnings warnings) {
        this.name = name;
        this.warnings = warnings;
    }

    /** Calls each handler with {@code event}. */
    void handle(Consumer<Object>[] handlers, Event event) {
        try {
            for (Consumer<Object> handler : handlers) {
                handler.accept(event);
            }
        } catch (Exception | LinkageError | AssertionError | OutOfMemoryError e) {
            failed(event.describe(), e);
        }
    }

    /** Runs {@code handleAll} inside the subscriber's batch scope; what the scope itself throws is told here. */
    void around(Subscriptions.BatchScope scope, Runnable handleAll, List<?> batch) {
        try {
            scope.around(handleAll);
        } catch (Exception | LinkageError | AssertionError | OutOfMemoryError e) {
            Event last = (Event) batch.get(batch.size() - 1);
            failed("a batch of " + batch.size() + (batch.size() == 1 ? " event" : " events") + " ending with " + last.describe(), e);
        }
    }

    private void failed(String where, Throwable e) {
        if (failures.incrementAndGet() == 1) {
            warnings.warn("the " + name + " failed in " + where
                    + "; the run and the others go on (its later failures are only counted)", e);
        }
    }

    /** Says how often the subscriber failed in all, when that was more than the one failure already told. */
    void finish() {
        int count = failures.get();
        if (count > 1) {
            warnings.warn("the " + name + " failed " + count + " times in all", null);
        }
    }

    /** Tells something about this subscriber that is not a failure of one event. */
    void warn(String message) {
        warnings.warn("the " + name + " " + message, null);
    }
}
