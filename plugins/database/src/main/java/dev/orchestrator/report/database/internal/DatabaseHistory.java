package dev.orchestrator.report.database.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.schedule.internal.RecipeHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@link RecipeHistory} from the run database (SQLite or PostgreSQL, read-only): the wall time of each
 * recipe's last finished run (passed or failed), leaving out the run being planned. Found with
 * {@link java.util.ServiceLoader}, so the engine's shard planning does not depend on this package.
 */
@API(status = INTERNAL)
public final class DatabaseHistory implements RecipeHistory {

    @Override
    public Map<String, Duration> lastDurations(Query query) throws Exception {
        DatabaseTarget target = DatabaseTarget.of(query.workspace(), query.databaseUrl(), query.environment());
        Map<String, Duration> durations = new HashMap<>();
        try (Connection c = target.connectReadOnly()) {
            if (c == null || !SqlValues.names(c, target.dialect().tables()).contains("recipes")) {
                return durations;
            }
            try (PreparedStatement st = c.prepareStatement("SELECT started, finished FROM recipes WHERE recipe = ? "
                    + "AND run_id <> ? AND finished IS NOT NULL AND status IN ('passed', 'failed') "
                    + "ORDER BY started DESC LIMIT 1")) {
                for (String recipe : query.testIds()) {
                    st.setString(1, recipe);
                    st.setString(2, query.currentRunId());
                    try (ResultSet rs = st.executeQuery()) {
                        if (rs.next()) {
                            Duration d = Duration.between(Instant.parse(rs.getString(1)), Instant.parse(rs.getString(2)));
                            durations.put(recipe, d.isNegative() ? Duration.ZERO : d);
                        }
                    }
                }
            }
        }
        return durations;
    }
}
