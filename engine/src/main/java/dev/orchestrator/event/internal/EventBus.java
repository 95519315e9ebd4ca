package dev.orchestrator.event.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.Event;
import dev.orchestrator.event.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The one stream of events: publishers hand each event to the bus, the bus hands it to every subscriber
 * registered for its type, each in the way it was registered with ({@link Delivery}). Subscribers hear events
 * in the order they were registered; a background subscriber hears them in publishing order on its own thread.
 *
 * <p>Publishing is cheap: the subscribers of an event class are looked up once per class, and an event costs
 * no allocation of its own and takes no lock across subscribers (a background subscriber's queue takes its
 * own, briefly). Thread-safe: events may be published from many threads at once.
 *
 * <p>{@link #close} ends the bus: it waits until every background subscriber has handled what was published,
 * so what they write is complete when it returns.
 *
 * @param <E> the events this bus carries
 */
@API(status = INTERNAL)
public final class EventBus<E extends Event> implements Publisher<E>, AutoCloseable {

    /** How long {@link #close} waits for one background subscriber before leaving it behind (and saying so). */
    static final Duration DRAIN = Duration.ofMinutes(10);

    /** A registered subscriber and the way it takes events. */
    private record Target(Subscription<?> subscription, Guard guard, BackgroundDelivery<?> background) {
    }

    /** Where an event of one class goes: a target and its handlers for that class. */
    private record Route(Target target, Consumer<Object>[] handlers) {
    }

    private static final Route[] NOWHERE = new Route[0];

    private final Duration drain;
    private final List<Target> targets = new ArrayList<>(); // guarded by this
    private volatile Map<Class<?>, Route[]> routes = new ConcurrentHashMap<>();
    private boolean closed; // guarded by this

    public EventBus() {
        this(DRAIN);
    }

    /** @param drain how long {@link #close} waits for each background subscriber */
    EventBus(Duration drain) {
        this.drain = drain;
    }

    /**
     * Registers {@code subscriber} (which says which events it wants, see {@link Subscriber}); it hears the
     * events published from now on. A background subscriber gets its thread here.
     *
     * @param name     names the subscriber in warnings and its thread ("database report")
     * @throws IllegalStateException when the bus is closed
     */
    public synchronized void register(String name, Delivery delivery, Subscriber<E> subscriber) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(delivery, "delivery");
        if (closed) {
            throw new IllegalStateException("the event bus is closed; cannot register " + name);
        }
        Subscription<E> subscription = Subscription.of(name, subscriber);
        Target target;
        if (delivery instanceof Delivery.Background b) {
            Guard guard = new Guard(name, b.warnings());
            target = new Target(subscription, guard, new BackgroundDelivery<>(subscription, guard, b.capacity()));
        } else if (delivery instanceof Delivery.Isolated i) {
            target = new Target(subscription, new Guard(name, i.warnings()), null);
        } else {
            target = new Target(subscription, null, null);
        }
        targets.add(target);
        routes = new ConcurrentHashMap<>(); // worked out again, with the new subscriber, as events come
    }

    @Override
    public void publish(E event) {
        Route[] found = routes.get(event.getClass());
        if (found == null) {
            found = route(event.getClass());
        }
        Event handedOff = null;
        RuntimeException failure = null;
        for (Route route : found) {
            Target target = route.target();
            if (target.background() != null) {
                if (handedOff == null) {
                    handedOff = detach(event);
                }
                target.background().enqueue(handedOff);
            } else if (target.guard() != null) {
                target.guard().handle(route.handlers(), event);
            } else {
                try {
                    for (Consumer<Object> handler : route.handlers()) {
                        handler.accept(event);
                    }
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether a subscriber registered so far handles events of {@code type}; as cheap as a publish that reaches nobody. */
    @Override
    public boolean wants(Class<? extends E> type) {
        Route[] found = routes.get(type);
        return (found == null ? route(type) : found).length > 0;
    }

    private synchronized Route[] route(Class<?> eventClass) {
        List<Route> found = new ArrayList<>();
        for (Target target : targets) {
            Consumer<Object>[] handlers = target.subscription().handlersFor(eventClass);
            if (handlers.length > 0) {
                found.add(new Route(target, handlers));
            }
        }
        Route[] table = found.toArray(NOWHERE);
        routes.put(eventClass, table);
        return table;
    }

    private static Event detach(Event event) {
        Event detached = event.detached();
        if (detached == null || detached.getClass() != event.getClass()) {
            throw new IllegalStateException(event.getClass().getName() + ".detached() must return a "
                    + event.getClass().getSimpleName());
        }
        return detached;
    }

    /**
     * Waits until every background subscriber has handled the events published before, at most
     * ten minutes each, then stops their threads; says how often an isolated subscriber
     * failed. Later events still reach synchronous and isolated subscribers; background ones no longer hear
     * them. Calling it again does nothing.
     */
    @Override
    public void close() {
        List<Target> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(targets);
        }
        for (Target target : all) {
            if (target.background() != null) {
                target.background().close(drain);
            } else if (target.guard() != null) {
                target.guard().finish();
            }
        }
    }
}
