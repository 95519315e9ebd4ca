package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the monitor and {@code orchestrator report} read: a run, or a shard of a run, whose process died shows
 * as interrupted at once (the reader marks it, as the next run would), while runs of live processes stay running.
 */
class RunReaderGoneOwnersTest {

    @TempDir
    Path dir;

    private static String deadOwner() throws Exception {
        RunOwner here = RunOwner.current().orElseThrow();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        return new RunOwner(here.host(), here.boot(), finished.pid(), 12345).text();
    }

    private static void insert(RunDatabase db, String runId, String runOwner, String shard, String shardOwner)
            throws Exception {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO runs (run_id, workspace, started, owner, shards) "
                    + "VALUES (?, 'ws', '2026-01-01T00:00:00.000000Z', ?, ?)")) {
                st.setString(1, runId);
                st.setString(2, runOwner);
                st.setObject(3, shard == null ? null : 2);
                st.executeUpdate();
            }
            if (shard != null) {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO run_shards (run_id, shard, owner, started) "
                        + "VALUES (?, ?, ?, '2026-01-01T00:00:00.000000Z')")) {
                    st.setString(1, runId);
                    st.setString(2, shard);
                    st.setString(3, shardOwner);
                    st.executeUpdate();
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO recipes (run_id, recipe, started, shard) "
                    + "VALUES (?, 'r', '2026-01-01T00:00:00.000000Z', ?)")) {
                st.setString(1, runId);
                st.setString(2, shard);
                st.executeUpdate();
            }
        });
    }

    @Test
    void aReaderShowsARunAndAShardWhoseProcessDiedAsInterruptedAndLeavesLiveOnesRunning() throws Exception {
        Path file = dir.resolve("Data/orchestrator.db");
        String here = RunOwner.current().orElseThrow().text();
        try (RunDatabase db = RunDatabase.open(file)) {
            insert(db, "dead-run", deadOwner(), null, null);
            insert(db, "dead-shard", null, "2/2", deadOwner());
            insert(db, "alive-shard", null, "1/2", here);
        }

        try (RunReader reader = RunReader.of(file)) {
            assertThat(reader.run("dead-run").orElseThrow().status()).isEqualTo("interrupted");
            assertThat(reader.run("dead-shard").orElseThrow().status()).isEqualTo("interrupted");
            assertThat(reader.recipes("dead-shard")).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo("interrupted"));
            assertThat(reader.run("alive-shard").orElseThrow().status()).isEqualTo("running");
            assertThat(reader.recipes("alive-shard")).singleElement()
                    .satisfies(r -> assertThat(r.status()).isNull());
        }
    }
}
