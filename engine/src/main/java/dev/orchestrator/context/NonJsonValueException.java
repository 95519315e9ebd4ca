package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** Thrown when a non-JSON value is given to {@link Context#set}; the message names the key and the Java type. */
@API(status = STABLE, since = "0.1")
public final class NonJsonValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NonJsonValueException(String message) {
        super(message);
    }
}
