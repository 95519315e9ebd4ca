package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A recipe's optional {@code settings} block.
 *
 * @param parallelism most steps of this recipe running at once; {@code null} means "available processors"
 * @param failFast    {@code true}: a failure skips every step not yet started
 */
@API(status = EXPERIMENTAL)
public record Settings(Integer parallelism, boolean failFast) {

    public static final Settings DEFAULTS = new Settings(null, false);
}
