package dev.orchestrator.secrets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A failure whose message had to be masked and whose class could not be recreated with the masked
 * message; it prints as the original class would ({@code com.example.LoginException: …}).
 */
@API(status = EXPERIMENTAL)
public final class MaskedFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String originalClass;

    MaskedFailure(String originalClass, String message) {
        super(message);
        this.originalClass = originalClass;
    }

    /** The class name of the failure this one replaces. */
    public String originalClass() {
        return originalClass;
    }

    @Override
    public String toString() {
        return getLocalizedMessage() == null ? originalClass : originalClass + ": " + getLocalizedMessage();
    }
}
