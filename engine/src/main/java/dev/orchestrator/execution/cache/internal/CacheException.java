package dev.orchestrator.execution.cache.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** A step that cannot be cached as declared (an input outside the workspace, a scriptlet that cannot be read). */
@API(status = INTERNAL)
public final class CacheException extends Exception {

    private static final long serialVersionUID = 1L;

    public CacheException(String message) {
        super(message);
    }
}
