package dev.orchestrator.execution;

import dev.orchestrator.scriptlet.InvalidParamsException;

/** Classifies failures. */
final class Failures {

    private Failures() {
    }

    static boolean isInvalidParams(Throwable t) {
        return t instanceof InvalidParamsException;
    }
}
