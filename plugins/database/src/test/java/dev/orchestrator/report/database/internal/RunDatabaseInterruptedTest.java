package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose JVM died (kill -9, power loss) is marked {@code interrupted} by the next opening of the
 * database, and only such a run: runs of live JVMs and of other hosts are left running.
 */
class RunDatabaseInterruptedTest {

    @TempDir
    Path dir;

    private void insertRun(RunDatabase db, String runId, String owner) throws Exception {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO runs (run_id, workspace, started, owner) VALUES (?, 'ws', '2026-01-01T00:00:00.000000Z', ?)")) {
                st.setString(1, runId);
                st.setString(2, owner);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO recipes (run_id, recipe, started) VALUES (?, 'r', '2026-01-01T00:00:00.000000Z')")) {
                st.setString(1, runId);
                st.executeUpdate();
            }
        });
    }

    @Test
    void aRunWhoseJvmIsGoneIsMarkedInterruptedOnTheNextOpeningWithItsUnfinishedRecipes() throws Exception {
        RunOwner here = RunOwner.current().orElseThrow();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path file = dir.resolve("Data/orchestrator.db");
        try (RunDatabase db = RunDatabase.open(file)) {
            insertRun(db, "dead", new RunOwner(here.host(), here.boot(), finished.pid(), 12345).text());
            insertRun(db, "rebooted", new RunOwner(here.host(), "another-boot", here.pid(), here.startMillis()).text());
            insertRun(db, "alive", here.text());
            insertRun(db, "elsewhere", new RunOwner("another-host", here.boot(), finished.pid(), 1).text());
            insertRun(db, "unowned", null);
        }
        try (RunDatabase db = RunDatabase.open(file)) {
            assertThat(db.runStatus("dead")).contains("interrupted");
            assertThat(db.runStatus("rebooted")).contains("interrupted");
            assertThat(db.lastRuns("r", 10)).filteredOn(r -> r.runId().equals("dead"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.status()).isEqualTo("interrupted");
                        assertThat(r.finished()).isNotNull();
                    });
            assertThat(db.runStatus("alive")).contains("running");
            assertThat(db.runStatus("elsewhere")).contains("running");
            assertThat(db.runStatus("unowned")).contains("running");
        }
    }

    @Test
    void aRunThatStartsRecordsItsJvmAsOwner() throws Exception {
        try (RunDatabase db = RunDatabase.open(dir.resolve("orchestrator.db"))) {
            insertRun(db, "mine", null);
            db.write(c -> RunDatabase.recordOwner(c, "mine"));
            assertThat(db.markInterrupted()).isZero();
            assertThat(db.runStatus("mine")).contains("running");
        }
    }
}
