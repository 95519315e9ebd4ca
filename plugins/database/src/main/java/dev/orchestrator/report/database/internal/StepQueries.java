package dev.orchestrator.report.database.internal;

import dev.orchestrator.report.database.internal.RunReader.StepRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The steps of a recipe in a run: their results, and the planned steps that have none yet. */
final class StepQueries {

    private final ReadOnlyDatabase db;

    StepQueries(ReadOnlyDatabase db) {
        this.db = db;
    }

    /** The steps of {@code recipe} in run {@code runId} (only {@code step} when not null), by idx. */
    List<StepRow> stepRows(String runId, String recipe, String step) throws SQLException {
        Connection c = db.connection();
        if (c == null) {
            return List.of();
        }
        String contracts = db.plannedContracts(c) ? "p.ctx_reads, p.ctx_writes" : "NULL, NULL";
        String results = "SELECT s.step, s.idx, s.type, s.status, s.attempts, s.started, s.finished, s.wall_ms, "
                + "s.cpu_ms, s.peak_memory_bytes, s.allocated_bytes, s.log_path, s.failure_message, s.skip_reason, "
                + (db.planned() ? "p.depends_on, p.params, " + contracts : "NULL, NULL, NULL, NULL")
                + (db.cachedFrom(c) ? ", s.cached_from" : ", NULL") + " FROM step_results s "
                + (db.planned() ? "LEFT JOIN planned_steps p ON p.run_id = s.run_id AND p.recipe = s.recipe AND p.step = s.step " : "")
                + "WHERE s.run_id = ? AND s.recipe = ?" + (step == null ? "" : " AND s.step = ?");
        String sql = results;
        if (db.planned()) {
            sql += " UNION ALL SELECT p.step, p.idx, p.type, 'pending', 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    + "NULL, NULL, p.depends_on, p.params, " + contracts + ", NULL FROM planned_steps p WHERE p.run_id = ? AND p.recipe = ?"
                    + (step == null ? "" : " AND p.step = ?") + " AND NOT EXISTS (SELECT 1 FROM step_results s "
                    + "WHERE s.run_id = p.run_id AND s.recipe = p.recipe AND s.step = p.step)";
        }
        try (PreparedStatement st = c.prepareStatement(sql + " ORDER BY 2, 1")) {
            int i = 1;
            for (int part = 0; part < (db.planned() ? 2 : 1); part++) {
                st.setString(i++, runId);
                st.setString(i++, recipe);
                if (step != null) {
                    st.setString(i++, step);
                }
            }
            List<StepRow> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StepRow(recipe, rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), rs.getString(7), SqlValues.real(rs, 8),
                            SqlValues.real(rs, 9), SqlValues.integer(rs, 10), SqlValues.integer(rs, 11),
                            rs.getString(12), rs.getString(13), rs.getString(14), SqlValues.strings(rs.getString(15)),
                            RunReader.MASKER.mask(SqlValues.json(rs.getString(16))),
                            declared(rs.getString(17)), declared(rs.getString(18)), rs.getString(19)));
                }
            }
            return rows;
        }
    }

    /** A declared list of ctx keys; null when undeclared (not {@code []}, which declares none). */
    private static List<String> declared(String json) {
        return json == null ? null : SqlValues.strings(json);
    }
}
