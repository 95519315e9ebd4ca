package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Decides whether a {@link Context} view may change a key (see {@link Context#guardedBy}): the engine uses one to
 * hold a step to the ctx keys it declares it writes (docs/contracts.md).
 */
@API(status = EXPERIMENTAL)
@FunctionalInterface
public interface WriteGuard {

    /**
     * Called before {@code key} is set or removed, with nothing changed yet.
     *
     * @throws RuntimeException to refuse the change; the caller of {@code set}/{@code remove} gets it
     */
    void check(String key);
}
