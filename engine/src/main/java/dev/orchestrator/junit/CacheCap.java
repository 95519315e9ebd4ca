package dev.orchestrator.junit;

import dev.orchestrator.execution.internal.RunnerLog;
import dev.orchestrator.execution.cache.internal.CacheSettings;
import dev.orchestrator.execution.cache.internal.CacheStore;
import java.nio.file.Path;

/** At the end of a run, {@code orchestrator.cache.max-size}: the step cache pruned to its cap. */
final class CacheCap {

    private CacheCap() {
    }

    static void enforce(CacheSettings cache, Path workspace) {
        if (cache.maxBytes() <= 0 || !cache.mode().writes()) {
            return;
        }
        try {
            CacheStore.of(workspace).prune(cache.maxBytes(), null);
        } catch (RuntimeException e) {
            // a store that cannot be pruned costs disk, not the run's result
            RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "cannot prune the step cache to "
                    + Constants.CACHE_MAX_SIZE + ": " + e);
        }
    }
}
