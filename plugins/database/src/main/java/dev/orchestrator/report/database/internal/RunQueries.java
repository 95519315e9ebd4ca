package dev.orchestrator.report.database.internal;

import dev.orchestrator.report.database.internal.RunReader.RecipeRow;
import dev.orchestrator.report.database.internal.RunReader.RunFilter;
import dev.orchestrator.report.database.internal.RunReader.RunPage;
import dev.orchestrator.report.database.internal.RunReader.RunRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The runs page (status and counts defined once), a run's recipes, the recipe names. */
final class RunQueries {

    private final ReadOnlyDatabase db;

    RunQueries(ReadOnlyDatabase db) {
        this.db = db;
    }

    RunPage page(RunFilter filter, String runId, int offset, int limit) throws SQLException {
        Connection c = db.connection();
        if (c == null) {
            return new RunPage(0, offset, limit, List.of());
        }
        List<String> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (runId != null) {
            where.append(" AND r.run_id = ?");
            args.add(runId);
        }
        if (!SqlValues.blank(filter.recipe())) {
            where.append(" AND EXISTS (SELECT 1 FROM recipes x WHERE x.run_id = r.run_id AND x.recipe = ?)");
            args.add(filter.recipe());
        }
        if (!SqlValues.blank(filter.tag()) && db.planned()) {
            where.append(" AND EXISTS (SELECT 1 FROM recipes x WHERE x.run_id = r.run_id AND x.tags LIKE ? ESCAPE '\\')");
            args.add("%\"" + filter.tag().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "\"%");
        }
        if (!SqlValues.blank(filter.from())) {
            where.append(" AND substr(r.started, 1, 10) >= ?");
            args.add(filter.from());
        }
        if (!SqlValues.blank(filter.to())) {
            where.append(" AND substr(r.started, 1, 10) <= ?");
            args.add(filter.to());
        }
        String status = "CASE WHEN " + (db.runStatus() ? "r.status IS NOT NULL THEN r.status WHEN " : "")
                + "r.finished IS NULL THEN 'running' WHEN EXISTS (SELECT 1 FROM step_results s WHERE s.run_id = r.run_id"
                + " AND s.status = 'failed') OR EXISTS (SELECT 1 FROM recipes x WHERE x.run_id = r.run_id"
                + " AND x.status = 'failed') THEN 'failed' ELSE 'passed' END";
        boolean runOrigin = db.runOrigin(c);
        String inner = "SELECT r.run_id, r.workspace, r.started, r.finished, " + status + " AS status, "
                + (runOrigin ? "r.origin" : "NULL") + " AS origin FROM runs r" + where;
        String outer = SqlValues.blank(filter.status()) ? "" : " WHERE status = ?";
        if (!SqlValues.blank(filter.status())) {
            args.add(filter.status());
        }
        int total;
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM (" + inner + ") q" + outer)) {
            SqlValues.bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                total = rs.next() ? rs.getInt(1) : 0;
            }
        }
        List<RunRow> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT q.*, "
                + "(SELECT " + db.dialect().joinLines("recipe") + " FROM (SELECT recipe FROM recipes x WHERE x.run_id = q.run_id ORDER BY recipe) n), "
                + "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'passed'), "
                + "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'failed'), "
                + "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'skipped'), "
                + "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'running'), "
                + (db.cachedFrom(c) ? "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'passed'"
                        + " AND s.cached_from IS NOT NULL) " : "0 ")
                + "FROM (" + inner + " ORDER BY r.started DESC, r.run_id DESC) q" + outer + " LIMIT ? OFFSET ?")) {
            SqlValues.bind(st, args);
            st.setInt(args.size() + 1, limit);
            st.setInt(args.size() + 2, offset);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String recipes = rs.getString(7);
                    rows.add(new RunRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), recipes == null ? List.of() : List.of(recipes.split("\n")),
                            rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getString(6), rs.getInt(12)));
                }
            }
        }
        return new RunPage(total, offset, limit, rows);
    }

    /** The recipes of run {@code runId}, by name. */
    List<RecipeRow> recipes(String runId) throws SQLException {
        Connection c = db.connection();
        if (c == null) {
            return List.of();
        }
        try (PreparedStatement st = c.prepareStatement("SELECT recipe, tester, description, source, started, finished, "
                + "status, " + (db.planned() ? "tags" : "NULL") + " FROM recipes WHERE run_id = ? ORDER BY recipe")) {
            st.setString(1, runId);
            List<RecipeRow> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RecipeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), SqlValues.strings(rs.getString(8))));
                }
            }
            return rows;
        }
    }

    /** Every recipe name in the database, for the filters. */
    List<String> recipeNames() throws SQLException {
        Connection c = db.connection();
        if (c == null) {
            return List.of();
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT recipe FROM recipes ORDER BY recipe")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
