package dev.orchestrator.event;

/** Where an isolated subscriber's trouble is told (a log); implementations never throw. */
@FunctionalInterface
public interface Warnings {

    /**
     * @param message what went wrong, naming the subscriber
     * @param cause   what it threw; null when there is nothing more to show
     */
    void warn(String message, Throwable cause);
}
