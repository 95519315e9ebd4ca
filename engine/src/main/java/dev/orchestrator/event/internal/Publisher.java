package dev.orchestrator.event.internal;

import static org.apiguardian.api.API.Status.INTERNAL;
import dev.orchestrator.event.Event;
import org.apiguardian.api.API;

/**
 * Where the code that makes events sends them: an {@link EventBus}, or in a test anything that collects
 * them (a {@code List::add}).
 *
 * @param <E> the events it takes
 */
@FunctionalInterface
@API(status = INTERNAL)
public interface Publisher<E extends Event> {

    /**
     * Hands {@code event} (not null) to every subscriber registered for its type; see {@link Delivery} for
     * when each gets it and what happens to what a subscriber throws.
     */
    void publish(E event);

    /**
     * Whether an event of {@code type} would reach anyone: a publisher checks it before making events that cost
     * something to make and are often unwanted (a step's log lines). Answers {@code true} unless it knows better.
     */
    default boolean wants(Class<? extends E> type) {
        return true;
    }
}
