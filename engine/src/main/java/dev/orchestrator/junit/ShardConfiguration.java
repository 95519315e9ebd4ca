package dev.orchestrator.junit;

import dev.orchestrator.schedule.internal.Shard;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The keys of a run spread over several processes or machines: {@link Constants#SHARD} and
 * {@link Constants#DATABASE_URL}, parsed once, and the run id the shards share. The URL stays text here: the
 * database code (a report) opens it, so the engine does not depend on it.
 *
 * @param shard    this process's shard, if the run is sharded
 * @param databaseUrl the run database's URL ({@code jdbc:sqlite:…} or {@code jdbc:postgresql://…}), empty for
 *                 SQLite in {@code Data/orchestrator.db}; the report that writes it reads its credentials
 * @param runId    the run id: {@link Constants#RUN_ID} if set; else, for a sharded run, the CI's id of the
 *                 pipeline run ({@link #CI_RUN_IDS}) when there is one, so every shard of it agrees; else the
 *                 generated one
 * @param problems one message per bad value, naming the key and the accepted values (reported at discovery)
 */
record ShardConfiguration(Optional<Shard> shard, Optional<String> databaseUrl, String runId, List<String> problems) {

    /** Environment variables that name one pipeline run, tried in this order. */
    static final List<String> CI_RUN_IDS = List.of("GITHUB_RUN_ID", "CI_PIPELINE_ID", "BUILDKITE_BUILD_ID",
            "CIRCLE_WORKFLOW_ID", "BUILD_TAG");

    ShardConfiguration {
        problems = List.copyOf(problems);
    }

    /**
     * @param environment the process environment (CI run ids, database credentials)
     * @param config      the rest of the configuration (workspace, the generated run id)
     */
    static ShardConfiguration from(ConfigurationParameters params, Map<String, String> environment,
                                   OrchestratorConfiguration config) {
        ConfigReader read = new ConfigReader(params);
        Optional<Shard> shard = read.parsed(Constants.SHARD, "k/n with whole numbers 1 <= k <= n, e.g. 2/4",
                value -> Shard.parse(value).orElse(null));
        Optional<String> databaseUrl = read.parsed(Constants.DATABASE_URL,
                "jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE", ShardConfiguration::databaseUrl);
        String runId = read.string(Constants.RUN_ID)
                .or(() -> shard.flatMap(s -> ciRunId(environment)))
                .orElse(config.runId());
        return new ShardConfiguration(shard, databaseUrl, runId, read.problems());
    }

    /** {@code url} if it names a SQLite file or a PostgreSQL database; null otherwise. */
    private static String databaseUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql://") && lower.length() > "jdbc:postgresql://".length()) {
            return url;
        }
        String file = lower.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length()) : "";
        return file.isBlank() || file.startsWith(":memory:") || file.contains("?") ? null : url;
    }

    /** The CI's id of this pipeline run (with GitHub's attempt number, so a re-run is a new run). */
    static Optional<String> ciRunId(Map<String, String> environment) {
        for (String name : CI_RUN_IDS) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                String attempt = name.equals("GITHUB_RUN_ID") ? environment.get("GITHUB_RUN_ATTEMPT") : null;
                return Optional.of(value.trim() + (attempt == null || attempt.isBlank() ? "" : "-" + attempt.trim()));
            }
        }
        return Optional.empty();
    }
}
