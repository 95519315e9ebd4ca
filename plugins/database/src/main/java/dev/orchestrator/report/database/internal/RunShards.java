package dev.orchestrator.report.database.internal;

import dev.orchestrator.schedule.internal.Shard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a sharded run (docs/shards-and-databases.md). The shards of one run share its {@code runs} row
 * (created by whichever starts first) and keep one {@code run_shards} row each, with its owner; their recipes
 * and steps never collide, since each recipe is in exactly one shard. The run is finished once all of its
 * shards are, and interrupted if one of them died: a dead shard's unfinished recipes are marked interrupted
 * by the next process that opens the database, as for an unsharded run.
 */
final class RunShards {

    private RunShards() {
    }

    /** Records {@code shard} of {@code runId} as started by this JVM (the run's row already exists). */
    static void start(Connection c, String runId, Shard shard, Instant started) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO run_shards (run_id, shard, owner, started) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (run_id, shard) DO UPDATE SET owner = excluded.owner, "
                + "started = excluded.started, finished = NULL, status = NULL")) {
            st.setString(1, runId);
            st.setString(2, shard.toString());
            st.setString(3, RunOwner.current().map(RunOwner::text).orElse(null));
            st.setString(4, RunDatabase.stamp(started));
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE runs SET shards = ?, finished = NULL, status = NULL "
                + "WHERE run_id = ?")) {
            st.setInt(1, shard.count());
            st.setString(2, runId);
            st.executeUpdate();
        }
    }

    /** Records {@code shard} as finished with {@code status} (null: normally), and the run once every shard is. */
    static void finish(Connection c, String runId, String shard, String status, String now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE run_shards SET finished = ?, status = ? "
                + "WHERE run_id = ? AND shard = ?")) {
            st.setString(1, now);
            st.setString(2, status);
            st.setString(3, runId);
            st.setString(4, shard);
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE runs SET finished = ?, status = CASE WHEN EXISTS ("
                + "SELECT 1 FROM run_shards s WHERE s.run_id = runs.run_id AND s.status = 'interrupted') "
                + "THEN 'interrupted' ELSE NULL END WHERE run_id = ? AND shards IS NOT NULL AND shards <= ("
                + "SELECT COUNT(*) FROM run_shards s WHERE s.run_id = runs.run_id AND s.finished IS NOT NULL)")) {
            st.setString(1, now);
            st.setString(2, runId);
            st.executeUpdate();
        }
    }

    /**
     * Marks as interrupted every unfinished shard whose owning JVM is certainly gone (see {@link RunOwner}),
     * with its unfinished recipes.
     *
     * @return how many shards were marked
     */
    static int markInterrupted(RunDatabase db, RunOwner here) throws SQLException {
        List<String[]> gone = new ArrayList<>();
        try (PreparedStatement st = db.connection().prepareStatement(
                "SELECT run_id, shard, owner FROM run_shards WHERE finished IS NULL AND owner IS NOT NULL");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String owner = rs.getString(3);
                if (RunOwner.parse(owner).map(o -> o.goneSeenFrom(here)).orElse(false)) {
                    gone.add(new String[] {rs.getString(1), rs.getString(2), owner});
                }
            }
        }
        if (gone.isEmpty()) {
            return 0;
        }
        String now = RunDatabase.stamp(Instant.now());
        db.write(c -> {
            for (String[] shard : gone) {
                // re-checked inside the transaction: the shard may have finished, or been re-run, meanwhile
                try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM run_shards WHERE run_id = ? "
                        + "AND shard = ? AND owner = ? AND finished IS NULL")) {
                    st.setString(1, shard[0]);
                    st.setString(2, shard[1]);
                    st.setString(3, shard[2]);
                    try (ResultSet rs = st.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                    }
                }
                try (PreparedStatement st = c.prepareStatement("UPDATE recipes SET status = 'interrupted', "
                        + "finished = ? WHERE run_id = ? AND shard = ? AND finished IS NULL")) {
                    st.setString(1, now);
                    st.setString(2, shard[0]);
                    st.setString(3, shard[1]);
                    st.executeUpdate();
                }
                finish(c, shard[0], shard[1], "interrupted", now);
                // the run is interrupted even while its other shards still run
                try (PreparedStatement st = c.prepareStatement("UPDATE runs SET status = 'interrupted' WHERE run_id = ?")) {
                    st.setString(1, shard[0]);
                    st.executeUpdate();
                }
            }
        });
        return gone.size();
    }
}
