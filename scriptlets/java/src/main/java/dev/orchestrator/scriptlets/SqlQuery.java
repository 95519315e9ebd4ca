package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import dev.orchestrator.secrets.Masker;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * Runs SQL against a JDBC database (SQLite built in; any other driver on the class path works) in one
 * transaction: the {@code sql} statements (the last one with its {@code ?} bound from {@code args}), then optionally
 * {@code insert} with one row per element of a ctx list of objects. The rows of the last query go to ctx as a
 * list of objects ({@code save_as}); {@code expect_rows} / {@code min_rows} check their count.
 * A SQLite file path is workspace-relative and confined to the workspace.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 6
 *   name: store_users
 *   type: java
 *   class: dev.orchestrator.scriptlets.SqlQuery
 *   params:
 *     url: jdbc:sqlite:Data/users.db
 *     sql: ["CREATE TABLE IF NOT EXISTS users(id INTEGER, name TEXT, email TEXT)", "DELETE FROM users"]
 *     insert: {table: users, rows: http_response.body}
 * - idx: 7
 *   name: count_users
 *   type: java
 *   class: dev.orchestrator.scriptlets.SqlQuery
 *   params: {url: jdbc:sqlite:Data/users.db, sql: "SELECT * FROM users ORDER BY id", save_as: users_rows, expect_rows: 5}
 * </pre>
 */
@ScriptletDoc(
        name = "sql-query",
        description = "Run SQL on a JDBC database (SQLite built in); rows into ctx; insert ctx rows; check row counts.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.SqlQuery --url jdbc:sqlite:Data/x.db --sql 'SELECT …' [--save_as KEY] [--expect_rows N]",
        params = {
            @Param(name = "url", required = true, help = "JDBC URL; jdbc:sqlite:<workspace-relative file> (or :memory:)"),
            @Param(name = "sql", type = ParamType.JSON, help = "a statement, or a list of statements run in order"),
            @Param(name = "args", type = ParamType.JSON, help = "a value or a list of values bound to the ? of the last statement"),
            @Param(name = "insert", type = ParamType.MAP, help = "{table: T, rows: <ctx reference to a list of objects>, "
                    + "columns: [..] (default: the first row's fields)}: insert every row, after sql"),
            @Param(name = "save_as", defaultValue = "sql_rows", help = "ctx key of the last query's rows (a list of objects)"),
            @Param(name = "expect_rows", type = ParamType.INT, help = "fail unless the last query returned exactly this many rows"),
            @Param(name = "min_rows", type = ParamType.INT, help = "fail unless it returned at least this many"),
            @Param(name = "max_rows", type = ParamType.INT, defaultValue = "10000", help = "stop reading (and fail) past this many rows"),
            @Param(name = "user", help = "database user"),
            @Param(name = "password", help = "database password (masked everywhere)")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.SqlQuery --url jdbc:sqlite:Data/app.db --sql 'SELECT count(*) AS n FROM users'"},
        limitations = "Only SQLite's driver ships; add another driver to the class path for other databases. "
                + "Table and column names of insert must be plain identifiers. Dates come back as text or numbers, as the driver gives them.")
@API(status = EXPERIMENTAL)
public final class SqlQuery extends BaseScriptlet {

    private static final Masker SECRETS = Masker.create(System.getenv());

    @Override
    public void validate(Context ctx, Params params) {
        jdbcUrl(params.string("url"));
        statements(params);
        if (!params.has("sql") && !params.has("insert")) {
            throw new InvalidParamsException("give 'sql' or 'insert' (or both)");
        }
        params.node("insert").ifPresent(insert -> {
            if (!insert.isObject() || !insert.path("table").isTextual() || !insert.path("rows").isTextual()) {
                throw new InvalidParamsException("parameter 'insert' must be {table: NAME, rows: CTX_REFERENCE[, columns: [..]]}");
            }
            identifier(insert.get("table").asText());
        });
    }

    /** The JDBC URL with a SQLite file made absolute inside the workspace. */
    private String jdbcUrl(String url) {
        if (!url.startsWith("jdbc:")) {
            throw new InvalidParamsException("parameter 'url' must be a JDBC URL (jdbc:…), found '" + SECRETS.mask(url) + "'");
        }
        if (!url.startsWith("jdbc:sqlite:")) {
            return url;
        }
        String rest = url.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file::memory:")) {
            return url;
        }
        Path path = resolve(file.startsWith("file:") ? file.substring(5) : file);
        return "jdbc:sqlite:" + path + (query < 0 ? "" : rest.substring(query));
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        params.optionalString("password").ifPresent(SECRETS::learnValue);
        String url = jdbcUrl(params.string("url"));
        if (url.startsWith("jdbc:sqlite:/")) {
            Path file = Path.of(url.substring("jdbc:sqlite:".length()).split("\\?")[0]);
            Files.createDirectories(file.getParent());
        }
        Properties props = new Properties();
        params.optionalString("user").ifPresent(u -> props.setProperty("user", u));
        params.optionalString("password").ifPresent(p -> props.setProperty("password", p));
        List<String> statements = statements(params);
        ArrayNode rows = null;
        long updated = 0;
        long maxRows = params.integer("max_rows", 10_000);
        try (Connection connection = DriverManager.getConnection(url, props)) {
            connection.setAutoCommit(false);
            try {
                for (int i = 0; i < statements.size(); i++) {
                    boolean last = i == statements.size() - 1;
                    try (PreparedStatement statement = connection.prepareStatement(statements.get(i))) {
                        if (last) {
                            bind(statement, params.node("args").orElse(null));
                        }
                        log().info("sql: %s", SECRETS.mask(statements.get(i)));
                        if (statement.execute()) {
                            rows = read(statement.getResultSet(), maxRows);
                        } else {
                            updated += Math.max(0, statement.getUpdateCount());
                        }
                    }
                }
                if (params.has("insert")) {
                    updated += insert(connection, params.node("insert").orElseThrow(), ctx);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("updated", updated);
        if (rows != null) {
            String key = params.optionalString("save_as").orElse("sql_rows");
            ctx.set(key, rows);
            result.put("rows", rows.size());
            result.put("saved_as", key);
            log().info("%d row(s) into '%s'", rows.size(), key);
            checkCount(params, rows.size());
        } else if (params.has("expect_rows") || params.has("min_rows")) {
            throw new InvalidParamsException("expect_rows / min_rows need a query that returns rows as the last statement");
        }
        return result;
    }

    /** One string is one statement (commas and all); a list is several. */
    private static List<String> statements(Params params) {
        JsonNode sql = params.node("sql").orElse(null);
        if (sql == null) {
            return List.of();
        }
        if (sql.isTextual()) {
            return List.of(sql.asText());
        }
        List<String> out = new ArrayList<>();
        if (sql.isArray()) {
            sql.forEach(s -> out.add(s.isTextual() ? s.asText() : null));
        }
        if (out.isEmpty() || out.contains(null)) {
            throw new InvalidParamsException("parameter 'sql' must be a statement or a list of statements");
        }
        return out;
    }

    private static void checkCount(Params params, int count) {
        if (params.has("expect_rows") && count != params.integer("expect_rows", 0)) {
            throw new AssertionError("expected " + params.integer("expect_rows", 0) + " row(s), found " + count);
        }
        if (params.has("min_rows") && count < params.integer("min_rows", 0)) {
            throw new AssertionError("expected at least " + params.integer("min_rows", 0) + " row(s), found " + count);
        }
    }

    private long insert(Connection connection, JsonNode insert, Context ctx) throws SQLException {
        JsonNode rows = Support.ref(ctx, insert.get("rows").asText());
        if (rows == null || !rows.isArray()) {
            throw new IllegalStateException("insert.rows '" + insert.get("rows").asText() + "' is not a list in ctx");
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<String> columns = new ArrayList<>();
        if (insert.has("columns")) {
            insert.get("columns").forEach(c -> columns.add(c.asText()));
        } else {
            rows.get(0).fieldNames().forEachRemaining(columns::add);
        }
        columns.forEach(SqlQuery::identifier);
        String sql = "INSERT INTO " + identifier(insert.get("table").asText()) + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        log().info("sql: %s × %d", sql, rows.size());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (JsonNode row : rows) {
                for (int c = 0; c < columns.size(); c++) {
                    statement.setObject(c + 1, value(row.get(columns.get(c))));
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
        return rows.size();
    }

    private static String identifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new InvalidParamsException("'" + name + "' is not a plain SQL identifier");
        }
        return name;
    }

    private static void bind(PreparedStatement statement, JsonNode args) throws SQLException {
        if (args == null) {
            return;
        }
        JsonNode list = args.isArray() ? args : Support.JSON.createArrayNode().add(args);
        for (int i = 0; i < list.size(); i++) {
            statement.setObject(i + 1, value(list.get(i)));
        }
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isTextual() ? node.asText() : node.toString();
    }

    private static ArrayNode read(ResultSet results, long maxRows) throws SQLException {
        ArrayNode rows = Support.JSON.createArrayNode();
        ResultSetMetaData meta = results.getMetaData();
        while (results.next()) {
            if (rows.size() >= maxRows) {
                throw new IllegalStateException("query returned more than max_rows=" + maxRows + " rows");
            }
            ObjectNode row = rows.addObject();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                Object value = results.getObject(c);
                String name = meta.getColumnLabel(c);
                if (value == null) {
                    row.putNull(name);
                } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                    row.put(name, ((Number) value).longValue());
                } else if (value instanceof BigDecimal decimal) {
                    row.put(name, decimal);
                } else if (value instanceof Number number) {
                    row.put(name, number.doubleValue());
                } else if (value instanceof Boolean bool) {
                    row.put(name, bool);
                } else if (value instanceof byte[] bytes) {
                    row.put(name, java.util.Base64.getEncoder().encodeToString(bytes));
                } else {
                    row.put(name, value.toString());
                }
            }
        }
        return rows;
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.SqlQuery --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new SqlQuery(), args);
    }
}
