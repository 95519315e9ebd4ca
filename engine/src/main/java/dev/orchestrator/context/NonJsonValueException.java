package dev.orchestrator.context;

/** Thrown when a non-JSON value is given to {@link Context#set}; the message names the key and the Java type. */
public final class NonJsonValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NonJsonValueException(String message) {
        super(message);
    }
}
