package dev.orchestrator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.orchestrator.context.ContextJson;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only queries on the run database for the monitor: pages of runs, a run's recipes and steps (including
 * the running and the planned ones), ctx changes, trends. The connection is opened read-only (it can never
 * write, migrate or lock out a run) once the file exists; until then every query answers empty. The same
 * queries read SQLite and PostgreSQL ({@link DatabaseTarget}); what differs is in {@link Dialect}.
 *
 * <p>Timestamps are the stored ISO-8601 UTC text. Ctx values and params come back masked as in the other
 * human-facing reports ({@link Masker}). Thread-safe (serialised on one connection).
 */
public final class RunReader implements AutoCloseable {

    /** Masks by key names only: what is shown was already masked when written, unless stored raw. */
    private static final Masker MASKER = Masker.create();

    /** Filters of the runs page; null or blank means "any". Dates are {@code yyyy-MM-dd} (UTC), inclusive. */
    public record RunFilter(String recipe, String tag, String status, String from, String to) {
    }

    /**
     * One run: {@code status} is {@code running}, {@code passed}, {@code failed} or {@code interrupted};
     * step counts are live (they grow while the run goes on); {@code origin} is who started it ({@code cli},
     * {@code maven}, {@code ide}, {@code console}, {@code other}), null for runs recorded before it was kept.
     */
    public record RunRow(String runId, String workspace, String started, String finished, String status,
                         List<String> recipes, int passed, int failed, int skipped, int running, String origin) {
    }

    /** One page of runs, newest first, and how many match the filter in all. */
    public record RunPage(int total, int offset, int limit, List<RunRow> runs) {
    }

    /** One recipe of a run; {@code status} null while it runs. */
    public record RecipeRow(String recipe, String tester, String description, String source, String started,
                            String finished, String status, List<String> tags) {
    }

    /**
     * One step of a recipe in a run: {@code status} is {@code pending} (planned, not started), {@code running},
     * or its result. Times in milliseconds and bytes are null when not measured.
     */
    public record StepRow(String recipe, String step, int idx, String type, String status, int attempts,
                          String started, String finished, Double wallMs, Double cpuMs, Long peakMemoryBytes,
                          Long allocatedBytes, String logPath, String failureMessage, String skipReason,
                          List<String> dependsOn, JsonNode params) {
    }

    /** One ctx change (values masked); {@code seq} orders the changes of a run. */
    public record Change(long seq, String runId, String recipe, String key, String op, JsonNode old,
                         JsonNode value, String who, String what, String when) {
    }

    /** One recipe's (or step's) outcome in one run, for trends; {@code wallMs} null while running. */
    public record TrendPoint(String runId, String started, String status, Double wallMs) {
    }

    private final DatabaseTarget target;
    private final Dialect dialect;
    private Connection connection;
    private boolean planned;
    private boolean runStatus;
    private boolean runOrigin;

    private RunReader(DatabaseTarget target) {
        this.target = target;
        this.dialect = target.dialect();
    }

    /** A reader of the SQLite database {@code file}; it need not exist yet. */
    public static RunReader of(Path file) {
        return new RunReader(DatabaseTarget.sqlite(file));
    }

    /** A reader of the database of {@code target} (SQLite or PostgreSQL); it need not exist yet. */
    public static RunReader of(DatabaseTarget target) {
        return new RunReader(target);
    }

    /** The SQLite file; null for PostgreSQL. */
    public Path file() {
        return target.file().orElse(null);
    }

    /**
     * A number that changes whenever another connection committed a change to the database
     * ({@link Dialect#dataVersion}); -1 while the database does not exist. Cheap: made for polling.
     */
    public synchronized long dataVersion() throws SQLException {
        Connection c = connection();
        if (c == null) {
            return -1;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(dialect.dataVersion())) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** A page of runs matching {@code filter}, newest first. */
    public synchronized RunPage runs(RunFilter filter, int offset, int limit) throws SQLException {
        return page(filter, null, offset, limit);
    }

    private RunPage page(RunFilter filter, String runId, int offset, int limit) throws SQLException {
        Connection c = connection();
        if (c == null) {
            return new RunPage(0, offset, limit, List.of());
        }
        List<String> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (runId != null) {
            where.append(" AND r.run_id = ?");
            args.add(runId);
        }
        if (!blank(filter.recipe())) {
            where.append(" AND EXISTS (SELECT 1 FROM recipes x WHERE x.run_id = r.run_id AND x.recipe = ?)");
            args.add(filter.recipe());
        }
        if (!blank(filter.tag()) && planned) {
            where.append(" AND EXISTS (SELECT 1 FROM recipes x WHERE x.run_id = r.run_id AND x.tags LIKE ? ESCAPE '\\')");
            args.add("%\"" + filter.tag().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "\"%");
        }
        if (!blank(filter.from())) {
            where.append(" AND substr(r.started, 1, 10) >= ?");
            args.add(filter.from());
        }
        if (!blank(filter.to())) {
            where.append(" AND substr(r.started, 1, 10) <= ?");
            args.add(filter.to());
        }
        String status = "CASE WHEN " + (runStatus ? "r.status IS NOT NULL THEN r.status WHEN " : "")
                + "r.finished IS NULL THEN 'running' WHEN EXISTS (SELECT 1 FROM step_results s WHERE s.run_id = r.run_id"
                + " AND s.status = 'failed') OR EXISTS (SELECT 1 FROM recipes x WHERE x.run_id = r.run_id"
                + " AND x.status = 'failed') THEN 'failed' ELSE 'passed' END";
        if (!runOrigin) {
            // a newer engine may add the column while this reader is open: look again until it is there
            runOrigin = names(c, dialect.columnsOf("runs")).contains("origin");
        }
        String inner = "SELECT r.run_id, r.workspace, r.started, r.finished, " + status + " AS status, "
                + (runOrigin ? "r.origin" : "NULL") + " AS origin FROM runs r" + where;
        String outer = blank(filter.status()) ? "" : " WHERE status = ?";
        if (!blank(filter.status())) {
            args.add(filter.status());
        }
        int total;
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM (" + inner + ") q" + outer)) {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                total = rs.next() ? rs.getInt(1) : 0;
            }
        }
        List<RunRow> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT q.*, "
                + "(SELECT " + dialect.joinLines("recipe") + " FROM (SELECT recipe FROM recipes x WHERE x.run_id = q.run_id ORDER BY recipe) n), "
                + "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'passed'), "
                + "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'failed'), "
                + "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'skipped'), "
                + "(SELECT COUNT(*) FROM step_results s WHERE s.run_id = q.run_id AND s.status = 'running') "
                + "FROM (" + inner + " ORDER BY r.started DESC, r.run_id DESC) q" + outer + " LIMIT ? OFFSET ?")) {
            bind(st, args);
            st.setInt(args.size() + 1, limit);
            st.setInt(args.size() + 2, offset);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String recipes = rs.getString(7);
                    rows.add(new RunRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), recipes == null ? List.of() : List.of(recipes.split("\n")),
                            rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getString(6)));
                }
            }
        }
        return new RunPage(total, offset, limit, rows);
    }

    /** One run, as on the runs page. */
    public synchronized Optional<RunRow> run(String runId) throws SQLException {
        // the page query with no filter but the id: one definition of status and counts
        return page(new RunFilter(null, null, null, null, null), runId, 0, 1).runs().stream().findFirst();
    }

    /** The recipes of run {@code runId}, by name. */
    public synchronized List<RecipeRow> recipes(String runId) throws SQLException {
        Connection c = connection();
        if (c == null) {
            return List.of();
        }
        try (PreparedStatement st = c.prepareStatement("SELECT recipe, tester, description, source, started, finished, "
                + "status, " + (planned ? "tags" : "NULL") + " FROM recipes WHERE run_id = ? ORDER BY recipe")) {
            st.setString(1, runId);
            List<RecipeRow> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RecipeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), strings(rs.getString(8))));
                }
            }
            return rows;
        }
    }

    /** Every step of {@code recipe} in run {@code runId}, planned ones included, by idx. */
    public synchronized List<StepRow> steps(String runId, String recipe) throws SQLException {
        return stepRows(runId, recipe, null);
    }

    /** One step of a run. */
    public synchronized Optional<StepRow> step(String runId, String recipe, String step) throws SQLException {
        return stepRows(runId, recipe, step).stream().findFirst();
    }

    private List<StepRow> stepRows(String runId, String recipe, String step) throws SQLException {
        Connection c = connection();
        if (c == null) {
            return List.of();
        }
        String results = "SELECT s.step, s.idx, s.type, s.status, s.attempts, s.started, s.finished, s.wall_ms, "
                + "s.cpu_ms, s.peak_memory_bytes, s.allocated_bytes, s.log_path, s.failure_message, s.skip_reason, "
                + (planned ? "p.depends_on, p.params" : "NULL, NULL") + " FROM step_results s "
                + (planned ? "LEFT JOIN planned_steps p ON p.run_id = s.run_id AND p.recipe = s.recipe AND p.step = s.step " : "")
                + "WHERE s.run_id = ? AND s.recipe = ?" + (step == null ? "" : " AND s.step = ?");
        String sql = results;
        if (planned) {
            sql += " UNION ALL SELECT p.step, p.idx, p.type, 'pending', 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    + "NULL, NULL, p.depends_on, p.params FROM planned_steps p WHERE p.run_id = ? AND p.recipe = ?"
                    + (step == null ? "" : " AND p.step = ?") + " AND NOT EXISTS (SELECT 1 FROM step_results s "
                    + "WHERE s.run_id = p.run_id AND s.recipe = p.recipe AND s.step = p.step)";
        }
        try (PreparedStatement st = c.prepareStatement(sql + " ORDER BY 2, 1")) {
            int i = 1;
            for (int part = 0; part < (planned ? 2 : 1); part++) {
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
                            rs.getInt(5), rs.getString(6), rs.getString(7), real(rs, 8),
                            real(rs, 9), integer(rs, 10), integer(rs, 11),
                            rs.getString(12), rs.getString(13), rs.getString(14), strings(rs.getString(15)),
                            MASKER.mask(json(rs.getString(16)))));
                }
            }
            return rows;
        }
    }

    /** Every ctx change of {@code recipe} in run {@code runId}, in the order they were made. */
    public synchronized List<Change> changes(String runId, String recipe) throws SQLException {
        return changeRows("WHERE run_id = ? AND recipe = ? ORDER BY id", runId, recipe, Integer.MAX_VALUE);
    }

    /** The last {@code n} changes of ctx key {@code key} in {@code recipe} across all runs, oldest first. */
    public synchronized List<Change> keyHistory(String recipe, String key, int n) throws SQLException {
        List<Change> newestFirst = changeRows("WHERE recipe = ? AND key = ? ORDER BY \"when\" DESC, id DESC",
                recipe, key, n);
        List<Change> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private List<Change> changeRows(String tail, String a, String b, int limit) throws SQLException {
        Connection c = connection();
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
                            MASKER.mask(key, json(rs.getString(6))), MASKER.mask(key, json(rs.getString(7))),
                            rs.getString(8), rs.getString(9), rs.getString(10)));
                }
            }
            return rows;
        }
    }

    /** The last {@code n} runs of {@code recipe}, newest first, with their wall time. */
    public synchronized List<TrendPoint> recipeTrend(String recipe, int n) throws SQLException {
        return trend("SELECT run_id, started, status, " + dialect.millisBetween("started", "finished") + " "
                + "FROM recipes WHERE recipe = ? ORDER BY started DESC LIMIT ?", n, recipe);
    }

    /** The last {@code n} results of one step of {@code recipe}, newest first. */
    public synchronized List<TrendPoint> stepTrend(String recipe, String step, int n) throws SQLException {
        return trend("SELECT run_id, started, status, wall_ms FROM step_results WHERE recipe = ? AND step = ? "
                + "ORDER BY started DESC LIMIT ?", n, recipe, step);
    }

    private List<TrendPoint> trend(String sql, int n, String... args) throws SQLException {
        Connection c = connection();
        if (c == null) {
            return List.of();
        }
        try (PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, List.of(args));
            st.setInt(args.length + 1, n);
            List<TrendPoint> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TrendPoint(rs.getString(1), rs.getString(2), rs.getString(3),
                            real(rs, 4)));
                }
            }
            return rows;
        }
    }

    /** Every recipe name in the database, for the filters. */
    public synchronized List<String> recipeNames() throws SQLException {
        Connection c = connection();
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

    @Override
    public synchronized void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** The open connection, opening it once the file and its schema exist; null before. */
    private Connection connection() throws SQLException {
        if (connection != null) {
            return connection;
        }
        Connection c = target.connectReadOnly();
        if (c == null) {
            return null;
        }
        try {
            Set<String> tables = names(c, dialect.tables());
            if (!tables.contains("step_results")) {
                c.close(); // a run is creating it right now: try again at the next call
                return null;
            }
            planned = tables.contains("planned_steps");
            runStatus = names(c, dialect.columnsOf("runs")).contains("status");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        connection = c;
        return c;
    }

    static Set<String> names(Connection c, String sql) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void bind(PreparedStatement st, List<String> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            st.setString(i + 1, args.get(i));
        }
    }

    /** A nullable REAL column (the driver's getObject(i, Double.class) refuses NULL). */
    private static Double real(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Long integer(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static List<String> strings(String json) {
        JsonNode node = json(json);
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            return ContextJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
        }
    }
}
