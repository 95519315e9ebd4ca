package dev.orchestrator.report.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * The read-only connection of a {@link RunReader}, opened once the file and its schema exist, and what that
 * schema holds (databases written by older engines lack some tables and columns). Not thread-safe: the
 * reader serialises its calls.
 */
final class ReadOnlyDatabase implements AutoCloseable {

    private final Path file;
    private Connection connection;
    private boolean planned;
    private boolean runStatus;
    private boolean runOrigin;

    ReadOnlyDatabase(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The open connection, opening it once the file and its schema exist; null before. */
    Connection connection() throws SQLException {
        if (connection != null) {
            return connection;
        }
        if (!Files.isRegularFile(file)) {
            return null;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(RunDatabase.BUSY_TIMEOUT_MS);
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            Set<String> tables = SqlValues.names(c, "SELECT name FROM sqlite_master WHERE type = 'table'");
            if (!tables.contains("step_results")) {
                c.close(); // a run is creating it right now: try again at the next call
                return null;
            }
            planned = tables.contains("planned_steps");
            runStatus = SqlValues.names(c, "SELECT name FROM pragma_table_info('runs')").contains("status");
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
            runOrigin = SqlValues.names(c, "SELECT name FROM pragma_table_info('runs')").contains("origin");
        }
        return runOrigin;
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
