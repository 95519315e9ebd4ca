package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * How long recipes took when they last ran, for {@link ShardPlan}: read from the run database by an
 * implementation found with {@link ServiceLoader} ({@code META-INF/services/dev.orchestrator.schedule.internal.RecipeHistory}),
 * so the engine does not depend on the database code. Without one, or when it fails, plans go by step count.
 */
@API(status = INTERNAL)
public interface RecipeHistory {

    /**
     * What to look up.
     *
     * @param workspace    the workspace (its default database is {@code Data/orchestrator.db})
     * @param databaseUrl  the configured database URL, empty for the default
     * @param environment  where credentials of the database are read from
     * @param testIds      the recipes of interest
     * @param currentRunId the run being planned: its own rows (other shards already running) are ignored, so
     *                     every shard of it computes the same plan
     */
    record Query(Path workspace, Optional<String> databaseUrl, Map<String, String> environment, Set<String> testIds,
                 String currentRunId) {
    }

    /**
     * The duration of the last finished run of each recipe of {@code query} that has one (recipes never
     * run are absent).
     *
     * @throws Exception when the database cannot be read
     */
    Map<String, Duration> lastDurations(Query query) throws Exception;

    /**
     * The durations from the first implementation on the class path; empty when there is none or it fails (then
     * {@code warnings} hears why: the plan goes by step count, which is still the same in every shard that fails
     * alike, but not necessarily in one that could read the database).
     */
    static Map<String, Duration> load(Query query, ClassLoader classLoader, Consumer<String> warnings) {
        for (RecipeHistory history : ServiceLoader.load(RecipeHistory.class, classLoader)) {
            try {
                return Map.copyOf(history.lastDurations(query));
            } catch (Exception | LinkageError unreadable) {
                warnings.accept("recorded recipe durations cannot be read (" + unreadable.getMessage()
                        + "); shards are planned by step count");
                return Map.of();
            }
        }
        return Map.of();
    }
}
