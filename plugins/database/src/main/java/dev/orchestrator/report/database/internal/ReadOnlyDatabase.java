package dev.orchestrator.report.database.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The read-only connection of a {@link RunReader} (SQLite or PostgreSQL, {@link DatabaseTarget}), opened once the
 * database and its schema exist, and what that
 * schema holds (databases written by older engines lack some tables and columns). Not thread-safe: the
 * reader serialises its calls.
 */
final class ReadOnlyDatabase implements AutoCloseable {

    private final DatabaseTarget target;
    private final Dialect dialect;
    private Connection connection;
    private boolean planned;
    private boolean runStatus;
    private boolean runOrigin;
    private boolean plannedContracts;
    private boolean cachedFrom;

    ReadOnlyDatabase(DatabaseTarget target) {
        this.target = target;
        this.dialect = target.dialect();
    }

    /** The SQLite file; null for PostgreSQL. */
    Path file() {
        return target.file().orElse(null);
    }

    /** The SQLite file or the URL with any password masked. */
    String display() {
        return target.file().map(Path::toString).orElseGet(target::display);
    }

    /** What differs between SQLite and PostgreSQL in the queries. */
    Dialect dialect() {
        return dialect;
    }

    /** The open connection, opening it once the file and its schema exist; null before. */
    Connection connection() throws SQLException {
        if (connection != null) {
            return connection;
        }
        Connection c = target.connectReadOnly();
        if (c == null) {
            return null;
        }
        try {
            Set<String> tables = SqlValues.names(c, dialect.tables());
            if (!tables.contains("step_results")) {
                c.close(); // a run is creating it right now: try again at the next call
                return null;
            }
            planned = tables.contains("planned_steps");
            runStatus = SqlValues.names(c, dialect.columnsOf("runs")).contains("status");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        connection = c;
        return c;
    }

    /** Whether the database has {@code planned_steps} (and {@code recipes.tags}). */
    boolean planned() {
        return planned;
    }

    /** Whether {@code runs} has a {@code status} column. */
    boolean runStatus() {
        return runStatus;
    }

    /** Whether {@code runs} has an {@code origin} column. */
    boolean runOrigin(Connection c) throws SQLException {
        if (!runOrigin) {
            // a newer engine may add the column while this reader is open: look again until it is there
            runOrigin = SqlValues.names(c, dialect.columnsOf("runs")).contains("origin");
        }
        return runOrigin;
    }

    /** Whether {@code planned_steps} has the {@code ctx_reads} and {@code ctx_writes} columns (schema version 7). */
    boolean plannedContracts(Connection c) throws SQLException {
        if (!plannedContracts && planned) {
            // a newer engine may add the columns while this reader is open: look again until they are there
            plannedContracts = SqlValues.names(c, dialect.columnsOf("planned_steps")).contains("ctx_writes");
        }
        return plannedContracts;
    }

    /** Whether {@code step_results} has the {@code cached_from} column (schema version 6). */
    boolean cachedFrom(Connection c) throws SQLException {
        if (!cachedFrom) {
            // a newer engine may add the column while this reader is open: look again until it is there
            cachedFrom = SqlValues.names(c, dialect.columnsOf("step_results")).contains("cached_from");
        }
        return cachedFrom;
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
