package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import dev.orchestrator.report.ReportFixtures;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDatabaseTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the second open is the point: it must not apply the migrations again
    void opensInWalModeWithOrderedMigrationsAppliedOnce() throws Exception {
        Path file = dir.resolve("Data/orchestrator.db");
        try (RunDatabase db = RunDatabase.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.latest());
        }
        try (RunDatabase db = RunDatabase.open(file);
             Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet mode = raw.createStatement().executeQuery("PRAGMA journal_mode");
             ResultSet versions = raw.createStatement().executeQuery("SELECT COUNT(*) FROM schema_version")) {
            assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            assertThat(versions.getInt(1)).isEqualTo(Migrations.ALL.size());
        }
    }

    /**
     * Two writers with their own connections (as two JVMs have) record two runs of the same recipe at once,
     * each from several threads (as parallel steps do); nothing is lost and the read API sees both.
     */
    @Test
    void twoConcurrentRunsWithParallelStepsLoseNothing() throws Exception {
        Workspace ws = new Workspace(dir);
        Recipe recipe = ReportFixtures.load(ws, "large.yaml", ReportFixtures.large("big", 40));
        Path file = dir.resolve("Data/orchestrator.db");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (String runId : List.of("run-a", "run-b")) {
                runs.add(pool.submit((Callable<Void>) () -> {
                    record(new DatabaseWriter(file), runId, recipe, pool);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        try (RunDatabase db = RunDatabase.open(file)) {
            assertThat(db.lastRuns("big", 10)).extracting(RunDatabase.RecipeRun::runId)
                    .containsExactlyInAnyOrder("run-a", "run-b");
            assertThat(db.lastRuns("big", 1)).hasSize(1);
            for (String runId : List.of("run-a", "run-b")) {
                assertThat(db.steps(runId, "big")).hasSize(40);
            }
            assertThat(db.lastRuns("big", 10)).allSatisfy(r -> assertThat(r.passed()).isEqualTo(40));
            // each step of each run set "k" once: 80 changes, in time order
            List<ChangeRecord> history = db.history("big", "k");
            assertThat(history).hasSize(80);
            assertThat(history).isSortedAccordingTo((x, y) -> x.when().compareTo(y.when()));
        }
    }

    /**
     * A run's origin is written at its start and read back on the runs page; a database of an engine before
     * migration 4 reads as no origin, and a reader left open sees the column once a newer run adds it.
     */
    @Test
    void aRunsOriginIsStoredAtItsStartAndOlderRunsHaveNone() throws Exception {
        Path file = dir.resolve("Data/orchestrator.db");
        Files.createDirectories(file.getParent());
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = raw.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                    + "applied TEXT NOT NULL)");
            for (Migrations.Migration m : Migrations.ALL.subList(0, 3)) {
                for (String sql : m.statements()) {
                    st.execute(Dialect.SQLITE.sql(sql));
                }
                st.execute("INSERT INTO schema_version VALUES (" + m.version() + ", 'x', 'now')");
            }
            st.execute("INSERT INTO runs (run_id, workspace, started, finished) "
                    + "VALUES ('old', '.', '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z')");
        }
        RunReader.RunFilter any = new RunReader.RunFilter(null, null, null, null, null);
        try (RunReader reader = RunReader.of(file)) {
            assertThat(reader.run("old").orElseThrow().origin()).isNull();

            DatabaseWriter writer = new DatabaseWriter(file);
            RunInfo run = new RunInfo("new", Path.of("."), Instant.now(), "ide");
            writer.runStarted(run);
            writer.runFinished(run);

            assertThat(reader.runs(any, 0, 10).runs()).extracting(RunReader.RunRow::runId, RunReader.RunRow::origin)
                    .containsExactly(tuple("new", "ide"), tuple("old", null));
        }
    }

    /**
     * Each planned step's declared ctx reads and writes round-trip (an undeclared list reads as null, not as
     * {@code []}); a database before migration 7 reads as undeclared, and a reader left open sees the columns
     * once a newer run adds them.
     */
    @Test
    void plannedStepsKeepTheirDeclaredReadsAndWrites() throws Exception {
        Path file = dir.resolve("Data/orchestrator.db");
        Files.createDirectories(file.getParent());
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = raw.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                    + "applied TEXT NOT NULL)");
            for (Migrations.Migration m : Migrations.ALL.subList(0, 6)) {
                for (String sql : m.statements()) {
                    st.execute(Dialect.SQLITE.sql(sql));
                }
                st.execute("INSERT INTO schema_version VALUES (" + m.version() + ", 'x', 'now')");
            }
            st.execute("INSERT INTO planned_steps (run_id, recipe, step, idx, type, depends_on) "
                    + "VALUES ('old', 'flow', 'a', 1, 'java', '[]')");
        }
        Workspace ws = new Workspace(dir);
        String put = ", type: java, class: " + ReportFixtures.S + "Put";
        Recipe recipe = ReportFixtures.load(ws, "flow.yaml", "test_meta: {test_id: flow, tester: qa, description: d}\n"
                + "steps:\n"
                + "  - {idx: 1, name: seed" + put + ", writes: [region, rows]}\n"
                + "  - {idx: 2, name: free" + put + "}\n"
                + "  - {idx: 3, name: report" + put + ", depends_on: [seed, free], reads: [region, rows], writes: []}\n");
        try (RunReader reader = RunReader.of(file)) {
            assertThat(reader.steps("old", "flow")).extracting(RunReader.StepRow::reads, RunReader.StepRow::writes)
                    .containsExactly(tuple(null, null));

            DatabaseWriter writer = new DatabaseWriter(file);
            RunInfo run = new RunInfo("new", Path.of("."), Instant.now());
            writer.runStarted(run);
            writer.recipeStarted(recipe, Context.create(recipe.testId(), "new"));

            assertThat(reader.steps("new", "flow"))
                    .extracting(RunReader.StepRow::step, RunReader.StepRow::reads, RunReader.StepRow::writes)
                    .containsExactly(tuple("seed", null, List.of("region", "rows")), tuple("free", null, null),
                            tuple("report", List.of("region", "rows"), List.of()));
            assertThat(reader.step("new", "flow", "report").orElseThrow().reads()).containsExactly("region", "rows");
            writer.runFinished(run);
        }
    }

    private static void record(DatabaseWriter writer, String runId, Recipe recipe, ExecutorService pool) throws Exception {
        RunInfo run = new RunInfo(runId, Path.of("."), Instant.now());
        writer.runStarted(run);
        Context ctx = Context.create(recipe.testId(), runId);
        writer.recipeStarted(recipe, ctx);
        List<Future<?>> steps = new ArrayList<>();
        ExecutorService stepPool = Executors.newFixedThreadPool(4);
        try {
            for (Step step : recipe.steps()) {
                steps.add(stepPool.submit(() -> {
                    Instant now = Instant.now();
                    ChangeRecord change = new ChangeRecord("k", ChangeRecord.Op.SET, null, IntNode.valueOf(step.idx()),
                            step.name(), step.scriptletId(), now, recipe.testId(), runId);
                    writer.stepFinished(recipe, step, new StepOutcome.Passed(null, new StepOutcome.Ran(
                            dev.orchestrator.event.ResourceUsage.NONE, 1, null, List.of(change), now, now)));
                }));
            }
            for (Future<?> step : steps) {
                step.get();
            }
        } finally {
            stepPool.shutdown();
        }
        writer.recipeFinished(recipe, ctx);
        writer.runFinished(run);
    }
}
