package dev.orchestrator.report.database.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.internal.ContextJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * The run database {@code Data/orchestrator.db} (docs/reports.md): runs, recipes per run, step results with
 * timings and resources, and every ctx change. SQLite in WAL mode with a busy timeout, so readers (the CLI,
 * the dashboard) never block a run and two runs can write at once; or PostgreSQL
 * ({@link DatabaseTarget}, docs/shards-and-databases.md), shared by the shards of a run.
 *
 * <p>One instance holds one connection; its methods are thread-safe (serialised). Timestamps are stored
 * as ISO-8601 UTC text with microseconds, so they sort as text.
 */
@API(status = INTERNAL)
public final class RunDatabase implements AutoCloseable {

    /** How long a write waits for another process's lock before SQLite gives up (then we retry). */
    static final int BUSY_TIMEOUT_MS = 10_000;
    static final int WRITE_ATTEMPTS = 5;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * One recipe in one run.
     *
     * @param finished null while running; for a run whose JVM died, the time that was noticed
     * @param status   {@code passed} (no step failed), {@code failed}, {@code interrupted} (its JVM died
     *                 before the recipe ended), or null while running
     */
    public record RecipeRun(String runId, String recipe, String tester, Instant started, Instant finished,
                            String status, int passed, int failed, int skipped) {
    }

    /** One step's result in one run; times in milliseconds, bytes -1 when not measured. */
    public record StepResult(String runId, String recipe, String step, int idx, String type, String status,
                             int attempts, Instant started, Instant finished, double wallMs, double cpuMs,
                             long peakMemoryBytes, long allocatedBytes, String logPath, String failureMessage,
                             String skipReason, String cachedFrom) {
    }

    private final DatabaseTarget target;
    private final Connection connection;

    private RunDatabase(DatabaseTarget target, Connection connection) {
        this.target = target;
        this.connection = connection;
    }

    /**
     * Opens (creating it and its folder if needed) the SQLite database at {@code file} and brings its schema
     * up to date.
     *
     * @throws SQLException when the file cannot be opened or migrated
     */
    public static RunDatabase open(Path file) throws SQLException {
        return open(DatabaseTarget.sqlite(file));
    }

    /**
     * Opens the database of {@code target} (SQLite, creating the file and its folder if needed, or PostgreSQL)
     * and brings its schema up to date.
     *
     * @throws SQLException when it cannot be opened or migrated
     */
    public static RunDatabase open(DatabaseTarget target) throws SQLException {
        Optional<Path> file = target.file();
        if (file.isPresent()) {
            try {
                Files.createDirectories(file.get().toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new SQLException("cannot create the folder of " + file.get(), e);
            }
        }
        // a connection opened while another process creates or migrates the file can meet SQLITE_BUSY before
        // its busy timeout applies (switching to WAL, migrating): the whole opening is retried
        RunDatabase[] opened = new RunDatabase[1];
        retrying(target.dialect(), () -> opened[0] = openOnce(target));
        return opened[0];
    }

    private static RunDatabase openOnce(DatabaseTarget target) throws SQLException {
        Connection connection;
        if (target.isPostgres()) {
            connection = target.connectPostgres(false);
        } else {
            Properties props = new Properties();
            props.setProperty("journal_mode", "WAL");
            props.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
            props.setProperty("synchronous", "NORMAL");
            props.setProperty("foreign_keys", "true");
            // BEGIN IMMEDIATE: take the write lock when a transaction starts, not halfway (no lock upgrade deadlocks)
            props.setProperty("transaction_mode", "IMMEDIATE");
            SqliteNativeLibrary.load();
            connection = DriverManager.getConnection("jdbc:sqlite:" + target.file().orElseThrow().toAbsolutePath(), props);
        }
        try {
            Migrations.apply(connection, target.dialect());
            RunDatabase db = new RunDatabase(target, connection);
            db.markInterrupted();
            return db;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The SQLite file; for PostgreSQL, null. */
    public Path file() {
        return target.file().orElse(null);
    }

    /** Where this database is. */
    public DatabaseTarget target() {
        return target;
    }

    /**
     * Records this JVM as the owner of {@code runId} (called when the run starts), so that a later opening
     * can tell that it died: see {@link #markInterrupted()}.
     */
    static void recordOwner(Connection connection, String runId) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "UPDATE runs SET owner = ?, status = NULL WHERE run_id = ?")) {
            st.setString(1, RunOwner.current().map(RunOwner::text).orElse(null));
            st.setString(2, runId);
            st.executeUpdate();
        }
    }

    /**
     * Marks as {@code interrupted} every unfinished run whose owning JVM is certainly gone (killed, or the
     * machine rebooted), with its unfinished recipes; runs of live JVMs and of other hosts are left alone.
     *
     * @return how many runs were marked
     */
    synchronized int markInterrupted() throws SQLException {
        Optional<RunOwner> here = RunOwner.current();
        if (here.isEmpty()) {
            return 0;
        }
        int shards = RunShards.markInterrupted(this, here.get());
        List<String[]> gone = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT run_id, owner FROM runs WHERE finished IS NULL AND owner IS NOT NULL");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String owner = rs.getString(2);
                if (RunOwner.parse(owner).map(o -> o.goneSeenFrom(here.get())).orElse(false)) {
                    gone.add(new String[] {rs.getString(1), owner});
                }
            }
        }
        if (gone.isEmpty()) {
            return shards;
        }
        String now = stamp(Instant.now());
        write(c -> {
            for (String[] run : gone) {
                // re-checked inside the transaction: the run may have finished, or been taken over, meanwhile
                try (PreparedStatement st = c.prepareStatement("UPDATE runs SET status = 'interrupted', finished = ? "
                        + "WHERE run_id = ? AND owner = ? AND finished IS NULL")) {
                    st.setString(1, now);
                    st.setString(2, run[0]);
                    st.setString(3, run[1]);
                    if (st.executeUpdate() == 0) {
                        continue;
                    }
                }
                try (PreparedStatement st = c.prepareStatement("UPDATE recipes SET status = 'interrupted', "
                        + "finished = ? WHERE run_id = ? AND finished IS NULL")) {
                    st.setString(1, now);
                    st.setString(2, run[0]);
                    st.executeUpdate();
                }
            }
        });
        return gone.size() + shards;
    }

    /** This instance's connection, for reads of its helpers (callers synchronise on this instance). */
    Connection connection() {
        return connection;
    }

    /** {@code running}, {@code finished} or {@code interrupted}; empty when the run is unknown. */
    public synchronized Optional<String> runStatus(String runId) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT finished, status FROM runs WHERE run_id = ?")) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (rs.getString(2) != null) {
                    return Optional.of(rs.getString(2));
                }
                return Optional.of(rs.getString(1) == null ? "running" : "finished");
            }
        }
    }

    /** The schema version (the last applied migration). */
    public synchronized int schemaVersion() throws SQLException {
        return Migrations.version(connection);
    }

    /** The last {@code n} runs of {@code recipe} (a test_id), newest first. */
    public synchronized List<RecipeRun> lastRuns(String recipe, int n) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT run_id, recipe, tester, started, finished, "
                + "status, passed, failed, skipped FROM recipes WHERE recipe = ? ORDER BY started DESC LIMIT ?")) {
            st.setString(1, recipe);
            st.setInt(2, n);
            List<RecipeRun> runs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    runs.add(new RecipeRun(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getString(4)),
                            instant(rs.getString(5)), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9)));
                }
            }
            return runs;
        }
    }

    /** Every change of ctx key {@code key} in recipe {@code recipe} across all runs, oldest first. */
    public synchronized List<ChangeRecord> history(String recipe, String key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT key, op, old, new, who, what, \"when\", "
                + "recipe, run_id FROM ctx_changes WHERE recipe = ? AND key = ? ORDER BY \"when\", id")) {
            st.setString(1, recipe);
            st.setString(2, key);
            List<ChangeRecord> records = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    records.add(new ChangeRecord(rs.getString(1),
                            "delete".equals(rs.getString(2)) ? ChangeRecord.Op.DELETE : ChangeRecord.Op.SET,
                            json(rs.getString(3)), json(rs.getString(4)), rs.getString(5), rs.getString(6),
                            instant(rs.getString(7)), rs.getString(8), rs.getString(9)));
                }
            }
            return records;
        }
    }

    /** The step results of {@code recipe} in run {@code runId}, by idx. */
    public synchronized List<StepResult> steps(String runId, String recipe) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT run_id, recipe, step, idx, type, status, "
                + "attempts, started, finished, wall_ms, cpu_ms, peak_memory_bytes, allocated_bytes, log_path, "
                + "failure_message, skip_reason, cached_from FROM step_results WHERE run_id = ? AND recipe = ? ORDER BY idx")) {
            st.setString(1, runId);
            st.setString(2, recipe);
            List<StepResult> steps = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    steps.add(new StepResult(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), instant(rs.getString(8)),
                            instant(rs.getString(9)), rs.getDouble(10), rs.getDouble(11), rs.getLong(12),
                            rs.getLong(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17)));
                }
            }
            return steps;
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }

    /** Work done inside one write transaction. */
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one immediate transaction, serialised with this instance's other calls, retrying
     * the whole transaction when another process holds the lock longer than the busy timeout.
     */
    synchronized void write(Work work) throws SQLException {
        retrying(target.dialect(), () -> {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private interface Attempt {
        void run() throws SQLException;
    }

    private static void retrying(Dialect dialect, Attempt attempt) throws SQLException {
        for (int i = 1; ; i++) {
            try {
                attempt.run();
                return;
            } catch (SQLException e) {
                if (!dialect.isRetryable(e) || i >= WRITE_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(50L * i * i);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static String stamp(Instant instant) {
        return instant == null ? null : STAMP.format(instant);
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() ? null : ContextJson.compact(node);
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ContextJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a ctx value in the run database is not JSON", e);
        }
    }
}
