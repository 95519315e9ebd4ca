package dev.orchestrator.event.internal;

import dev.orchestrator.event.Event;
import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** One registered subscriber's handlers, and which of them take an event of a given class. */
final class Subscription<E extends Event> implements Subscriptions<E> {

    private record Handler(Class<?> type, Consumer<Object> consumer) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type can only be made raw
    private static final Consumer<Object>[] NONE = new Consumer[0];

    final String name;
    private final List<Handler> handlers = new ArrayList<>();
    private final Map<Class<?>, Consumer<Object>[]> byClass = new ConcurrentHashMap<>();
    private BatchScope batchScope;
    private boolean complete;

    private Subscription(String name) {
        this.name = name;
    }

    /** Asks {@code subscriber} for its handlers; none can be added afterwards. */
    static <E extends Event> Subscription<E> of(String name, Subscriber<E> subscriber) {
        Subscription<E> subscription = new Subscription<>(name);
        subscriber.subscribe(subscription);
        subscription.complete = true;
        return subscription;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends E> void event(Class<T> type, Consumer<? super T> handler) {
        check();
        handlers.add(new Handler(java.util.Objects.requireNonNull(type, "type"),
                (Consumer<Object>) java.util.Objects.requireNonNull(handler, "handler")));
    }

    @Override
    public void batches(BatchScope scope) {
        check();
        this.batchScope = java.util.Objects.requireNonNull(scope, "scope");
    }

    private void check() {
        if (complete) {
            throw new IllegalStateException(name + ": handlers are registered in subscribe(), not later");
        }
    }

    BatchScope batchScope() {
        return batchScope;
    }

    /** The handlers for events of exactly {@code eventClass}, in registration order; empty when none. */
    Consumer<Object>[] handlersFor(Class<?> eventClass) {
        Consumer<Object>[] found = byClass.get(eventClass);
        if (found == null) {
            found = handlers.stream().filter(h -> h.type().isAssignableFrom(eventClass)).map(Handler::consumer)
                    .toList().toArray(NONE);
            byClass.put(eventClass, found);
        }
        return found;
    }
}
