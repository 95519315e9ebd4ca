package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A step's {@code cache:} key: whether a passed earlier result with the same fingerprint is reused instead of
 * running the step, and what besides the scriptlet and its params goes into the fingerprint.
 *
 * @param enabled whether the step is cached at all
 * @param inputs  workspace-relative globs of files whose content is part of the fingerprint
 * @param outputs workspace-relative globs of files the step produces, stored and restored with its result
 * @param env     names of environment variables whose values are part of the fingerprint
 */
@API(status = EXPERIMENTAL)
public record StepCache(boolean enabled, List<String> inputs, List<String> outputs, List<String> env) {

    /** Not cached: what a step without {@code cache:} gets. */
    public static final StepCache NONE = new StepCache(false, List.of(), List.of(), List.of());

    public StepCache {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        env = List.copyOf(env);
    }
}
