package dev.orchestrator.execution.internal;

import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.scriptlet.InvalidParamsException;

/** Classifies failures, and separates a failure's reason from the log tail its message quotes. */
final class Failures {

    /** Starts the quoted end of the step log inside a failure message (followed by the log's path). */
    static final String TAIL_MARKER = "\n--- end of the step log ";

    /** The most of a reason written back into the step log. */
    static final int MAX_REASON = 2 * 1024;

    private Failures() {
    }

    static boolean isInvalidParams(Throwable t) {
        return t instanceof InvalidParamsException;
    }

    /**
     * Whether the step gave up rather than failed: an {@code org.opentest4j.TestAbortedException} (what JUnit's
     * {@code Assumptions} throw) or a subclass, or a process that exited with {@link StepOutcome.Aborted#EXIT_CODE}.
     * Matched by name: a scriptlet may see another copy of opentest4j than the engine's class loader.
     */
    static boolean isAborted(Throwable t) {
        if (t instanceof StepAbortedException) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(TEST_ABORTED)) {
                return true;
            }
        }
        return false;
    }

    private static final String TEST_ABORTED = "org.opentest4j.TestAbortedException";

    /**
     * The failure's reason without the log tail it quotes, at most {@link #MAX_REASON} characters: what goes
     * back into the step log, which must never quote itself (with retries the quotes would nest).
     */
    static String reason(Throwable t) {
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        int tail = message.indexOf(TAIL_MARKER);
        String reason = tail >= 0 ? message.substring(0, tail) : message;
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "… (cut)" : reason;
    }
}
