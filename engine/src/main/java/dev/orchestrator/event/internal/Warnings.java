package dev.orchestrator.event.internal;

import static org.apiguardian.api.API.Status.INTERNAL;
import org.apiguardian.api.API;

/** Where an isolated subscriber's trouble is told (a log); implementations never throw. */
@FunctionalInterface
@API(status = INTERNAL)
public interface Warnings {

    /**
     * @param message what went wrong, naming the subscriber
     * @param cause   what it threw; null when there is nothing more to show
     */
    void warn(String message, Throwable cause);
}
