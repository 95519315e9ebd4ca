package dev.orchestrator.event.internal;

import static org.apiguardian.api.API.Status.INTERNAL;
import org.apiguardian.api.API;

/**
 * How a bus hands events to one subscriber, chosen when it is registered.
 *
 * <ul>
 *   <li>{@link Synchronous}: on the publishing thread, before {@code publish} returns. What the subscriber
 *       throws reaches the publisher, once every other subscriber has had the event.</li>
 *   <li>{@link Isolated}: on the publishing thread, but what the subscriber throws is told once to
 *       {@link Warnings} and goes no further: the run and the other subscribers go on.</li>
 *   <li>{@link Background}: on the subscriber's own thread, in publishing order, through a bounded queue (a
 *       publisher waits when the subscriber is that far behind, so nothing is lost);
 *       {@link EventBus#close} waits until it has handled everything. Isolated as above.</li>
 * </ul>
 *
 * <p>An isolated subscriber that failed goes on hearing events (one bad event must not cost a whole report);
 * its later failures are counted, and {@link EventBus#close} says how many there were.
 */
@API(status = INTERNAL)
public sealed interface Delivery {

    /** How many events a background subscriber may be behind before publishers wait. */
    int QUEUE = 8_192;

    static Delivery synchronous() {
        return new Synchronous();
    }

    static Delivery isolated(Warnings warnings) {
        return new Isolated(warnings);
    }

    static Delivery background(Warnings warnings) {
        return new Background(warnings, QUEUE);
    }

    /** On the publishing thread; the subscriber's exceptions reach the publisher. */
    record Synchronous() implements Delivery {
    }

    /** On the publishing thread; the subscriber's exceptions are told to {@code warnings}. */
    record Isolated(Warnings warnings) implements Delivery {
        public Isolated {
            java.util.Objects.requireNonNull(warnings, "warnings");
        }
    }

    /**
     * On the subscriber's own thread, at most {@code capacity} events behind; exceptions are told to
     * {@code warnings}.
     */
    record Background(Warnings warnings, int capacity) implements Delivery {
        public Background {
            java.util.Objects.requireNonNull(warnings, "warnings");
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
            }
        }
    }
}
