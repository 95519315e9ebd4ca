package dev.orchestrator.scriptlet;

/** Where a scriptlet writes human-readable progress: the step's log file (or stderr when run alone). Thread-safe. */
@FunctionalInterface
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
