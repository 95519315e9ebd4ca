package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Thrown by a scriptlet (usually from {@link BaseScriptlet#validate}) when its parameters are invalid.
 * The step fails as "invalid parameters" and a standalone scriptlet exits with code 2.
 */
@API(status = STABLE, since = "0.1")
public class InvalidParamsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidParamsException(String message) {
        super(message);
    }
}
