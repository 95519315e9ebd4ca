package dev.orchestrator.cli.internal;

/** A command was asked for something it cannot do (a missing file, a bad name): printed as is, exit 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
