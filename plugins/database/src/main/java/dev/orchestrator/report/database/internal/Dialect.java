package dev.orchestrator.report.database.internal;

import java.sql.SQLException;
import java.util.Map;

/**
 * The SQL that differs between the two run databases, in one place. Everything else (tables, upserts with
 * {@code ON CONFLICT}, queries) is written in the subset SQLite and PostgreSQL share; migrations name the
 * differing column types as {@code {id}}, {@code {real}} and {@code {bigint}} ({@link #sql}).
 */
enum Dialect {

    SQLITE(Map.of("{id}", "INTEGER PRIMARY KEY AUTOINCREMENT", "{real}", "REAL", "{bigint}", "INTEGER")),
    POSTGRES(Map.of("{id}", "BIGSERIAL PRIMARY KEY", "{real}", "DOUBLE PRECISION", "{bigint}", "BIGINT"));

    private final Map<String, String> types;

    Dialect(Map<String, String> types) {
        this.types = types;
    }

    /** {@code sql} with the placeholders of this dialect's types filled in. */
    String sql(String sql) {
        String out = sql;
        for (Map.Entry<String, String> type : types.entrySet()) {
            out = out.replace(type.getKey(), type.getValue());
        }
        return out;
    }

    /**
     * The statement that serialises schema changes between processes, run first in a migration's transaction:
     * SQLite's connections begin immediate transactions (the write lock) already; PostgreSQL takes a
     * transaction-scoped advisory lock.
     */
    String migrationLock() {
        return this == POSTGRES ? "SELECT pg_advisory_xact_lock(7220716)" : null;
    }

    /** A duration in milliseconds between two ISO-8601 text timestamps (columns or expressions). */
    String millisBetween(String from, String to) {
        return this == POSTGRES
                ? "(EXTRACT(EPOCH FROM (CAST(" + to + " AS timestamptz) - CAST(" + from + " AS timestamptz))) * 1000.0)"
                : "((julianday(" + to + ") - julianday(" + from + ")) * 86400000.0)";
    }

    /** The values of {@code column} joined with newlines, as an aggregate. */
    String joinLines(String column) {
        return this == POSTGRES ? "string_agg(" + column + ", chr(10))" : "group_concat(" + column + ", char(10))";
    }

    /** The names of the columns of {@code table} (a query with no parameters). */
    String columnsOf(String table) {
        return this == POSTGRES
                ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                        + "AND table_name = '" + table + "'"
                : "SELECT name FROM pragma_table_info('" + table + "')";
    }

    /** The names of the tables (a query with no parameters). */
    String tables() {
        return this == POSTGRES
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
    }

    /**
     * A number that changes whenever another connection commits: SQLite's {@code data_version}; PostgreSQL's
     * next transaction id (every writing transaction of the server moves it).
     */
    String dataVersion() {
        return this == POSTGRES ? "SELECT CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT) AS BIGINT)" : "PRAGMA data_version";
    }

    /** Whether {@code e} says another process holds a lock, or the transaction lost a race: retry it. */
    boolean isRetryable(SQLException e) {
        if (this == POSTGRES) {
            String state = e.getSQLState();
            return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
        }
        int primary = e.getErrorCode() & 0xFF;
        return primary == 5 || primary == 6; // SQLITE_BUSY, SQLITE_LOCKED
    }
}
