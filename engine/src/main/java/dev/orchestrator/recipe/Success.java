package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A step's explicit success criteria.
 *
 * @param filesExist workspace-relative paths that must exist after the step; never null
 * @param ctxHasKeys ctx keys that must be present after the step; never null
 */
@API(status = EXPERIMENTAL)
public record Success(List<String> filesExist, List<String> ctxHasKeys) {

    public static final Success NONE = new Success(List.of(), List.of());

    public Success {
        filesExist = List.copyOf(filesExist);
        ctxHasKeys = List.copyOf(ctxHasKeys);
    }
}
