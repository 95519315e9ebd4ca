package dev.orchestrator.report.database.internal;

import dev.orchestrator.report.database.internal.RunReader.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The ctx changes of a run (values masked by key). */
final class ChangeQueries {

    private final ReadOnlyDatabase db;

    ChangeQueries(ReadOnlyDatabase db) {
        this.db = db;
    }

    /** Every ctx change of {@code recipe} in run {@code runId}, in the order they were made. */
    List<Change> ofRun(String runId, String recipe) throws SQLException {
        return changeRows("WHERE run_id = ? AND recipe = ? ORDER BY id", runId, recipe, Integer.MAX_VALUE);
    }

    /** The last {@code n} changes of ctx key {@code key} in {@code recipe} across all runs, oldest first. */
    List<Change> keyHistory(String recipe, String key, int n) throws SQLException {
        List<Change> newestFirst = changeRows("WHERE recipe = ? AND key = ? ORDER BY \"when\" DESC, id DESC",
                recipe, key, n);
        List<Change> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private List<Change> changeRows(String tail, String a, String b, int limit) throws SQLException {
        Connection c = db.connection();
        if (c == null) {
            return List.of();
        }
        try (PreparedStatement st = c.prepareStatement("SELECT id, run_id, recipe, key, op, old, new, who, what, "
                + "\"when\" FROM ctx_changes " + tail + " LIMIT ?")) {
            st.setString(1, a);
            st.setString(2, b);
            st.setInt(3, limit);
            List<Change> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(4);
                    rows.add(new Change(rs.getLong(1), rs.getString(2), rs.getString(3), key, rs.getString(5),
                            RunReader.MASKER.mask(key, SqlValues.json(rs.getString(6))), RunReader.MASKER.mask(key, SqlValues.json(rs.getString(7))),
                            rs.getString(8), rs.getString(9), rs.getString(10)));
                }
            }
            return rows;
        }
    }
}
