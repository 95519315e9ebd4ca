package dev.orchestrator.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import dev.orchestrator.event.internal.Delivery;
import dev.orchestrator.event.internal.EventBus;
import org.apiguardian.api.API;

/**
 * Hears some of a bus's events: when it is registered, it says which types it wants and what to do with
 * each. Its handlers are called one event at a time per delivery thread (see {@link Delivery}).
 *
 * <pre>{@code
 * public void subscribe(Subscriptions<RunEvent> on) {
 *     on.event(StepFinished.class, e -> stepFinished(e.recipe(), e.step(), e.outcome()));
 *     on.event(RunFinished.class, e -> runFinished(e.run()));
 * }
 * }</pre>
 *
 * @param <E> the events of the bus it is registered with
 */
@FunctionalInterface
@API(status = EXPERIMENTAL)
public interface Subscriber<E extends Event> {

    /** Registers this subscriber's handlers; called once, by {@link EventBus#register}. */
    void subscribe(Subscriptions<E> on);
}
