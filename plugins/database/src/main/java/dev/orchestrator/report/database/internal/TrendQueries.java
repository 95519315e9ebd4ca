package dev.orchestrator.report.database.internal;

import dev.orchestrator.report.database.internal.RunReader.TrendPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The last results of a recipe or a step across runs, for trends. */
final class TrendQueries {

    private final ReadOnlyDatabase db;

    TrendQueries(ReadOnlyDatabase db) {
        this.db = db;
    }

    /** The last {@code n} runs of {@code recipe}, newest first, with their wall time. */
    List<TrendPoint> recipe(String recipe, int n) throws SQLException {
        return trend("SELECT run_id, started, status, " + db.dialect().millisBetween("started", "finished") + " "
                + "FROM recipes WHERE recipe = ? ORDER BY started DESC LIMIT ?", n, recipe);
    }

    /** The last {@code n} results of one step of {@code recipe}, newest first. */
    List<TrendPoint> step(String recipe, String step, int n) throws SQLException {
        return trend("SELECT run_id, started, status, wall_ms FROM step_results WHERE recipe = ? AND step = ? "
                + "ORDER BY started DESC LIMIT ?", n, recipe, step);
    }

    private List<TrendPoint> trend(String sql, int n, String... args) throws SQLException {
        Connection c = db.connection();
        if (c == null) {
            return List.of();
        }
        try (PreparedStatement st = c.prepareStatement(sql)) {
            SqlValues.bind(st, List.of(args));
            st.setInt(args.length + 1, n);
            List<TrendPoint> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TrendPoint(rs.getString(1), rs.getString(2), rs.getString(3),
                            SqlValues.real(rs, 4)));
                }
            }
            return rows;
        }
    }
}
