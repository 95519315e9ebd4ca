package dev.orchestrator.report.database.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The run database's schema, as ordered migrations recorded in {@code schema_version}: one set for SQLite
 * and PostgreSQL, whose few differing column types are filled in by {@link Dialect#sql}. A migration is
 * applied once, in its own transaction that first takes the database's write lock
 * ({@link Dialect#migrationLock}), after re-reading the version inside that transaction, so two JVMs opening
 * a new database at once do not both apply it.
 */
@API(status = INTERNAL)
public final class Migrations {

    /** One schema step: its version (1, 2, …, in order) and its statements. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "runs, recipes, step results, ctx changes", List.of(
                    """
                    CREATE TABLE runs (
                      run_id    TEXT PRIMARY KEY,
                      workspace TEXT,
                      started   TEXT NOT NULL,
                      finished  TEXT
                    )""",
                    """
                    CREATE TABLE recipes (
                      run_id      TEXT NOT NULL,
                      recipe      TEXT NOT NULL,
                      tester      TEXT,
                      description TEXT,
                      source      TEXT,
                      started     TEXT NOT NULL,
                      finished    TEXT,
                      status      TEXT,
                      passed      INTEGER NOT NULL DEFAULT 0,
                      failed      INTEGER NOT NULL DEFAULT 0,
                      skipped     INTEGER NOT NULL DEFAULT 0,
                      PRIMARY KEY (run_id, recipe)
                    )""",
                    "CREATE INDEX recipes_last_runs ON recipes (recipe, started DESC)",
                    """
                    CREATE TABLE step_results (
                      run_id            TEXT NOT NULL,
                      recipe            TEXT NOT NULL,
                      step              TEXT NOT NULL,
                      idx               INTEGER NOT NULL,
                      type              TEXT NOT NULL,
                      status            TEXT NOT NULL,
                      attempts          INTEGER NOT NULL DEFAULT 0,
                      started           TEXT,
                      finished          TEXT,
                      wall_ms           {real},
                      cpu_ms            {real},
                      peak_memory_bytes {bigint},
                      allocated_bytes   {bigint},
                      log_path          TEXT,
                      failure_message   TEXT,
                      skip_reason       TEXT,
                      PRIMARY KEY (run_id, recipe, step)
                    )""",
                    "CREATE INDEX step_results_by_step ON step_results (recipe, step, started DESC)",
                    """
                    CREATE TABLE ctx_changes (
                      id     {id},
                      run_id TEXT NOT NULL,
                      recipe TEXT NOT NULL,
                      key    TEXT NOT NULL,
                      op     TEXT NOT NULL,
                      old    TEXT,
                      new    TEXT,
                      who    TEXT NOT NULL,
                      what   TEXT,
                      "when" TEXT NOT NULL
                    )""",
                    "CREATE INDEX ctx_changes_key_history ON ctx_changes (recipe, key, \"when\")",
                    "CREATE INDEX ctx_changes_by_run ON ctx_changes (run_id, recipe)")),
            new Migration(2, "runs know their owning process, and a run whose owner died is interrupted", List.of(
                    // host, boot id, pid and start time of the JVM running it (see RunOwner)
                    "ALTER TABLE runs ADD COLUMN owner TEXT",
                    // null while running or finished normally; 'interrupted' when its JVM died before the end
                    "ALTER TABLE runs ADD COLUMN status TEXT")),
            new Migration(3, "step starts, the planned steps of each recipe, recipe tags (the monitor)", List.of(
                    // every step of a recipe as the run planned it, so the monitor can draw the whole graph
                    """
                    CREATE TABLE planned_steps (
                      run_id     TEXT NOT NULL,
                      recipe     TEXT NOT NULL,
                      step       TEXT NOT NULL,
                      idx        INTEGER NOT NULL,
                      type       TEXT NOT NULL,
                      depends_on TEXT NOT NULL,
                      params     TEXT,
                      PRIMARY KEY (run_id, recipe, step)
                    )""",
                    // JSON array of the recipe's JUnit tags, for filtering runs by tag
                    "ALTER TABLE recipes ADD COLUMN tags TEXT",
                    "CREATE INDEX runs_by_started ON runs (started DESC)",
                    "CREATE INDEX recipes_by_run ON recipes (run_id)")),
            new Migration(4, "runs know who started them", List.of(
                    // cli, maven, ide, console or other (see RunInfo); null for runs recorded before
                    "ALTER TABLE runs ADD COLUMN origin TEXT")),
            new Migration(5, "shards: a run split over processes, each shard with its owner", List.of(
                    // n of a run split into n shards (orchestrator.shard), null for a run in one process
                    "ALTER TABLE runs ADD COLUMN shards INTEGER",
                    // k/n: which shard ran the recipe, null in an unsharded run
                    "ALTER TABLE recipes ADD COLUMN shard TEXT",
                    // one row per shard of a sharded run: its owner, so a shard that dies is marked interrupted
                    """
                    CREATE TABLE run_shards (
                      run_id   TEXT NOT NULL,
                      shard    TEXT NOT NULL,
                      owner    TEXT,
                      started  TEXT NOT NULL,
                      finished TEXT,
                      status   TEXT,
                      PRIMARY KEY (run_id, shard)
                    )""")),
            new Migration(6, "step results served from the step cache name the run they came from", List.of(
                    // the run id whose passed result a cached step reused (docs/caching.md); null when it ran
                    "ALTER TABLE step_results ADD COLUMN cached_from TEXT")),
            new Migration(7, "planned steps keep their declared ctx reads and writes", List.of(
                    // JSON arrays of ctx keys (docs/contracts.md); null when the step does not declare them
                    "ALTER TABLE planned_steps ADD COLUMN ctx_reads TEXT",
                    "ALTER TABLE planned_steps ADD COLUMN ctx_writes TEXT")));

    private Migrations() {
    }

    /** Creates {@code schema_version} if needed and applies every migration newer than the database. */
    static void apply(Connection connection) throws SQLException {
        apply(connection, Dialect.SQLITE);
    }

    static void apply(Connection connection, Dialect dialect) throws SQLException {
        inTransaction(connection, dialect, () -> {
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied TEXT NOT NULL)");
            }
        });
        for (Migration migration : ALL) {
            if (version(connection) >= migration.version()) {
                continue;
            }
            inTransaction(connection, dialect, () -> {
                if (version(connection) < migration.version()) {
                    try (Statement st = connection.createStatement()) {
                        for (String sql : migration.statements()) {
                            st.execute(dialect.sql(sql));
                        }
                    }
                    try (var insert = connection.prepareStatement(
                            "INSERT INTO schema_version (version, description, applied) VALUES (?, ?, ?)")) {
                        insert.setInt(1, migration.version());
                        insert.setString(2, migration.description());
                        insert.setString(3, Instant.now().toString());
                        insert.executeUpdate();
                    }
                }
            });
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** {@code work} in one transaction holding the write lock (SQLite: BEGIN IMMEDIATE, the connection's mode). */
    private static void inTransaction(Connection connection, Dialect dialect, Work work) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            if (dialect.migrationLock() != null) {
                try (Statement st = connection.createStatement()) {
                    st.execute(dialect.migrationLock());
                }
            }
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    static int version(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    public static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }
}
