package dev.orchestrator.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.event.internal.Delivery;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * What a {@link Subscriber} registers with: a handler per event type it wants. Events of other types never
 * reach it.
 *
 * @param <E> the bus's events
 */
@API(status = EXPERIMENTAL)
public interface Subscriptions<E extends Event> {

    /**
     * Calls {@code handler} with every event that is a {@code type} (a record, or an interface several events
     * share). Handlers of one subscriber run in the order they were registered here.
     */
    <T extends E> void event(Class<T> type, Consumer<? super T> handler);

    /**
     * With {@link Delivery#background background} delivery, the events that queued up while the subscriber
     * was busy are handled together: {@code scope} is called once per such batch with the work of handling
     * them, and runs it inside whatever makes many events cheaper than one (a database transaction). Without
     * it, or with another delivery, each event is handled on its own.
     */
    void batches(BatchScope scope);

    /** Wraps the handling of a batch of events. */
    @FunctionalInterface
    interface BatchScope {

        /** Runs {@code handleAll} (which handles every event of the batch) once, and nothing else of it. */
        void around(Runnable handleAll);
    }
}
