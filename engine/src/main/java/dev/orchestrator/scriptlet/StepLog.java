package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** Where a scriptlet writes human-readable progress: the step's log file (or stderr when run alone). Thread-safe. */
@FunctionalInterface
@API(status = STABLE, since = "0.1")
public interface StepLog {

    /** Appends one line. */
    void info(String message);

    /** Appends one formatted line ({@link String#format}). */
    default void info(String format, Object... args) {
        info(String.format(format, args));
    }

    /** A log that drops everything. */
    StepLog NONE = message -> { };
}
