package dev.orchestrator.report.database.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Lets a {@link RunReader} (the monitor, {@code orchestrator report}, {@code history --database}) show a run or a
 * shard whose process died as {@code interrupted} without waiting for the next run to open the database: when an
 * unfinished run or shard has an owner that is certainly gone ({@link RunOwner}), the database is opened for
 * writing once, which marks it ({@link RunDatabase#markInterrupted()}). Nothing is written while every owner is
 * alive or on another host. Looked at no more than once per {@link #EVERY_NANOS}, as the monitor asks often.
 */
final class GoneOwners {

    static final long EVERY_NANOS = 2_000_000_000L;

    private static final String UNFINISHED = "SELECT owner FROM runs WHERE finished IS NULL AND owner IS NOT NULL";
    private static final String UNFINISHED_SHARDS = "SELECT owner FROM run_shards WHERE finished IS NULL "
            + "AND owner IS NOT NULL";

    private final DatabaseTarget target;
    private long lastLook;
    private boolean looked;

    GoneOwners(DatabaseTarget target) {
        this.target = target;
    }

    /**
     * Marks what died, if anything did, when the last look is old enough. Best effort: a database this process
     * cannot write (a read-only copy, a user without the right) is shown as recorded.
     *
     * @param readOnly the reader's connection, to look with; null while the database does not exist
     */
    void markIfDue(Connection readOnly) {
        long now = System.nanoTime();
        if (readOnly == null || (looked && now - lastLook < EVERY_NANOS)) {
            return;
        }
        looked = true;
        lastLook = now;
        Optional<RunOwner> here = RunOwner.current();
        if (here.isEmpty() || !anyGone(readOnly, here.get())) {
            return;
        }
        try (RunDatabase marking = RunDatabase.open(target)) {
            // opening marks every run and shard whose owner is gone
        } catch (SQLException cannotWrite) {
            // shown as recorded: "running" until a process that can write opens the database
        }
    }

    private static boolean anyGone(Connection c, RunOwner here) {
        return anyGone(c, UNFINISHED, here) || anyGone(c, UNFINISHED_SHARDS, here);
    }

    private static boolean anyGone(Connection c, String sql, RunOwner here) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                if (RunOwner.parse(rs.getString(1)).map(o -> o.goneSeenFrom(here)).orElse(false)) {
                    return true;
                }
            }
            return false;
        } catch (SQLException olderSchema) {
            return false; // a database written before owners (or shards) were recorded
        }
    }
}
