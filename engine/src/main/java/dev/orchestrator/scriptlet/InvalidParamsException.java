package dev.orchestrator.scriptlet;

/**
 * Thrown by a scriptlet (usually from {@link BaseScriptlet#validate}) when its parameters are invalid.
 * The step fails as "invalid parameters" and a standalone scriptlet exits with code 2.
 */
public class InvalidParamsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidParamsException(String message) {
        super(message);
    }
}
