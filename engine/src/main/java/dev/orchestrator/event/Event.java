package dev.orchestrator.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import dev.orchestrator.event.internal.Delivery;
import dev.orchestrator.event.internal.EventBus;
import org.apiguardian.api.API;

/**
 * Something that happened, delivered by an {@link EventBus} to the subscribers registered for its type.
 * Events are values: each carries only its own fields, and a subscriber never changes them.
 */
@API(status = EXPERIMENTAL)
public interface Event {

    /**
     * A short name for warnings: the kind of event and what it is about (a recipe, a step), never its payload,
     * which may hold secrets. Never null.
     */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * This event as it may be handed to another thread: the event itself when it is immutable (the default).
     * An event that carries state which goes on changing returns a copy frozen now. Called on the publishing
     * thread, once per event, and only when a {@link Delivery#background background} subscriber wants it;
     * it must return an instance of the same class.
     */
    default Event detached() {
        return this;
    }
}
