package dev.orchestrator.report.database.internal;

import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.event.StepStatus;
import dev.orchestrator.execution.internal.StepLogs;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.secrets.Masker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The rows of {@code step_results} for {@link DatabaseWriter}: a {@code running} row when a step starts, replaced
 * by its result (with the run a cached step's result came from, docs/caching.md) when it ends or is skipped.
 */
final class StepRows {

    /** The non-key columns of a step result: a new result replaces every one of them. */
    private static final List<String> STEP_COLUMNS = List.of("idx", "type", "status", "attempts", "started", "finished",
            "wall_ms", "cpu_ms", "peak_memory_bytes", "allocated_bytes", "log_path", "failure_message", "skip_reason",
            "cached_from");

    private StepRows() {
    }

    /** A 'running' row, replaced by the step's result: the monitor shows what runs now. */
    static void running(Connection c, String runId, Recipe recipe, Step step) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO step_results (run_id, recipe, step, "
                + "idx, type, status, started) VALUES (?, ?, ?, ?, ?, 'running', ?)" + replacing(STEP_COLUMNS))) {
            st.setString(1, runId);
            st.setString(2, recipe.testId());
            st.setString(3, step.name());
            st.setInt(4, step.idx());
            st.setString(5, step.type().yamlName());
            st.setString(6, RunDatabase.stamp(Instant.now()));
            st.executeUpdate();
        }
    }

    /** The step's result, replacing its running row; failure messages and skip reasons masked. */
    static void result(Connection c, String runId, Recipe recipe, Step step, StepOutcome o, Masker masker)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO step_results (run_id, recipe, step, "
                + "idx, type, status, attempts, started, finished, wall_ms, cpu_ms, peak_memory_bytes, allocated_bytes, "
                + "log_path, failure_message, skip_reason, cached_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + replacing(STEP_COLUMNS))) {
            st.setString(1, runId);
            st.setString(2, recipe.testId());
            st.setString(3, step.name());
            st.setInt(4, step.idx());
            st.setString(5, step.type().yamlName());
            st.setString(6, o.status().name().toLowerCase(Locale.ROOT));
            StepOutcome.Ran ran = o instanceof StepOutcome.Finished f ? f.ran() : null;
            ResourceUsage usage = ran == null ? ResourceUsage.NONE : ran.usage();
            st.setInt(7, ran == null ? 0 : ran.attempts());
            st.setString(8, ran == null ? null : RunDatabase.stamp(ran.started()));
            st.setString(9, ran == null ? null : RunDatabase.stamp(ran.finished()));
            setDouble(st, 10, ran != null ? usage.wall().toNanos() / 1e6 : null);
            setDouble(st, 11, ran != null ? usage.cpu().toNanos() / 1e6 : null);
            st.setLong(12, usage.peakMemoryBytes());
            st.setLong(13, usage.allocatedBytes());
            // the monitor reads the log this row names once the step is finished: name it once it is complete
            StepLogs.awaitWritten(ran == null ? null : ran.log());
            st.setString(14, ran == null || ran.log() == null ? null : ran.log().toString());
            // a failure's message; why a step was skipped or gave up (aborted) is its skip reason
            String reason = o.reason().map(masker::mask).orElse(null);
            st.setString(15, o.status() == StepStatus.FAILED ? reason : null);
            st.setString(16, o.status() == StepStatus.SKIPPED || o.status() == StepStatus.ABORTED ? reason : null);
            st.setString(17, o instanceof StepOutcome.Passed passed ? passed.cachedFrom() : null);
            st.executeUpdate();
        }
    }

    /**
     * Replaces the row of the same step ({@code run_id, recipe, step}) with the inserted one: an upsert in the
     * syntax SQLite and PostgreSQL share. Columns not inserted take their defaults, as a replaced row would.
     */
    static String replacing(List<String> columns) {
        StringBuilder sql = new StringBuilder(" ON CONFLICT (run_id, recipe, step) DO UPDATE SET ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" = excluded.").append(columns.get(i));
        }
        return sql.toString();
    }

    private static void setDouble(PreparedStatement st, int index, Double value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.DOUBLE);
        } else {
            st.setDouble(index, value);
        }
    }
}
