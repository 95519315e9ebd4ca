package dev.orchestrator.report;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.context.ContextJson;
import dev.orchestrator.execution.RunInfo;
import dev.orchestrator.execution.RunListener;
import dev.orchestrator.execution.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.Shard;
import dev.orchestrator.schedule.StepStatus;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Records the run in the {@link RunDatabase}: one transaction per event, so what a crashed run did so far
 * is kept. Re-running with the same run id replaces that recipe's rows. The shards of a run
 * ({@link RunShards}) share its run row; each recipe's rows are written by the one shard that runs it. Secrets are masked
 * ({@link Masker}) unless {@link ReportKeys#DATABASE_SECRETS} is {@code raw}: then ctx values are stored as
 * they were (failure messages and skip reasons come masked from the run either way).
 */
final class DatabaseWriter implements RunListener {

    private static final int BATCH = 1_000;

    private final DatabaseTarget target;
    private final Optional<Shard> shard;
    private volatile RunDatabase db;
    private volatile String runId;

    private final Masker masker;
    private final boolean raw;

    DatabaseWriter(Path file) {
        this(file, Masker.create(), false);
    }

    DatabaseWriter(Path file, Masker masker, boolean raw) {
        this(DatabaseTarget.sqlite(file), Optional.empty(), masker, raw);
    }

    /** @param shard this process's shard of the run, if it is sharded */
    DatabaseWriter(DatabaseTarget target, Optional<Shard> shard, Masker masker, boolean raw) {
        this.target = target;
        this.shard = shard;
        this.masker = masker;
        this.raw = raw;
    }

    private String text(String key, com.fasterxml.jackson.databind.JsonNode value) {
        return RunDatabase.text(raw ? value : masker.mask(key, value));
    }

    private String text(String value) {
        return raw ? value : masker.mask(value);
    }

    @Override
    public void runStarted(RunInfo run) {
        runId = run.runId();
        db = sql(() -> RunDatabase.open(target));
        // a shard keeps the earliest start of the run: the other shards may have started before it
        String started = shard.isPresent()
                ? "CASE WHEN runs.started < excluded.started THEN runs.started ELSE excluded.started END"
                : "excluded.started";
        write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO runs (run_id, workspace, started, origin) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET workspace = excluded.workspace, "
                    + "started = " + started + ", origin = excluded.origin, finished = NULL")) {
                st.setString(1, run.runId());
                st.setString(2, run.workspace().toString());
                st.setString(3, RunDatabase.stamp(run.started()));
                st.setString(4, run.origin());
                st.executeUpdate();
            }
            if (shard.isPresent()) {
                RunShards.start(c, run.runId(), shard.get(), run.started());
            } else {
                RunDatabase.recordOwner(c, run.runId());
            }
        });
    }

    @Override
    public void recipeStarted(Recipe recipe, Context ctx) {
        write(c -> {
            for (String table : List.of("step_results", "ctx_changes", "recipes", "planned_steps")) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ? AND recipe = ?")) {
                    st.setString(1, runId);
                    st.setString(2, recipe.testId());
                    st.executeUpdate();
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO recipes (run_id, recipe, tester, description, "
                    + "source, started, shard) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, runId);
                st.setString(2, recipe.testId());
                st.setString(3, recipe.meta().tester());
                st.setString(4, text(recipe.meta().description()));
                st.setString(5, recipe.source().displayName());
                st.setString(6, RunDatabase.stamp(Instant.now()));
                st.setString(7, shard.map(Shard::toString).orElse(null));
                st.executeUpdate();
            }
            insertChanges(c, ctx.history());
            insertPlan(c, recipe);
        });
    }

    @Override
    public void stepStarted(Recipe recipe, Step step) {
        // a 'running' row, replaced by the step's result: the monitor shows what runs now
        write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO step_results (run_id, recipe, step, "
                    + "idx, type, status, started) VALUES (?, ?, ?, ?, ?, 'running', ?)" + replacing(STEP_COLUMNS))) {
                st.setString(1, runId);
                st.setString(2, recipe.testId());
                st.setString(3, step.name());
                st.setInt(4, step.idx());
                st.setString(5, step.type().yamlName());
                st.setString(6, RunDatabase.stamp(Instant.now()));
                st.executeUpdate();
            }
        });
    }

    @Override
    public void stepFinished(Recipe recipe, Step step, StepOutcome outcome) {
        write(c -> {
            insertStep(c, recipe, step, outcome);
            insertChanges(c, outcome.changes());
        });
    }

    @Override
    public void stepSkipped(Recipe recipe, Step step, String reason) {
        write(c -> insertStep(c, recipe, step, StepOutcome.skipped(reason)));
    }

    @Override
    public void recipeFinished(Recipe recipe, Context ctx) {
        write(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE recipes SET finished = ?,
                      passed  = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status = 'passed'),
                      failed  = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status = 'failed'),
                      skipped = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status = 'skipped')
                    WHERE run_id = ? AND recipe = ?""")) {
                st.setString(1, RunDatabase.stamp(Instant.now()));
                st.setString(2, runId);
                st.setString(3, recipe.testId());
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE recipes SET status = CASE WHEN failed > 0 "
                    + "THEN 'failed' ELSE 'passed' END WHERE run_id = ? AND recipe = ?")) {
                st.setString(1, runId);
                st.setString(2, recipe.testId());
                st.executeUpdate();
            }
        });
    }

    @Override
    public void runFinished(RunInfo run) {
        RunDatabase open = db;
        if (open == null) {
            return;
        }
        try {
            write(c -> {
                if (shard.isPresent()) {
                    RunShards.finish(c, run.runId(), shard.get().toString(), null, RunDatabase.stamp(Instant.now()));
                    return;
                }
                try (PreparedStatement st = c.prepareStatement("UPDATE runs SET finished = ? WHERE run_id = ?")) {
                    st.setString(1, RunDatabase.stamp(Instant.now()));
                    st.setString(2, run.runId());
                    st.executeUpdate();
                }
            });
        } finally {
            sql(() -> {
                open.close();
                return null;
            });
        }
    }

    private void insertStep(Connection c, Recipe recipe, Step step, StepOutcome o) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO step_results (run_id, recipe, step, "
                + "idx, type, status, attempts, started, finished, wall_ms, cpu_ms, peak_memory_bytes, allocated_bytes, "
                + "log_path, failure_message, skip_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + replacing(STEP_COLUMNS))) {
            st.setString(1, runId);
            st.setString(2, recipe.testId());
            st.setString(3, step.name());
            st.setInt(4, step.idx());
            st.setString(5, step.type().yamlName());
            st.setString(6, o.status().name().toLowerCase(Locale.ROOT));
            st.setInt(7, o.attempts());
            st.setString(8, RunDatabase.stamp(o.started()));
            st.setString(9, RunDatabase.stamp(o.finished()));
            boolean ran = o.status() != StepStatus.SKIPPED;
            setDouble(st, 10, ran ? o.usage().wall().toNanos() / 1e6 : null);
            setDouble(st, 11, ran ? o.usage().cpu().toNanos() / 1e6 : null);
            st.setLong(12, o.usage().peakMemoryBytes());
            st.setLong(13, o.usage().allocatedBytes());
            st.setString(14, o.log() == null ? null : o.log().toString());
            st.setString(15, o.failure() == null ? null : masker.mask(String.valueOf(o.failure().getMessage())));
            st.setString(16, masker.mask(o.skipReason()));
            st.executeUpdate();
        }
    }

    /** Every step as planned (dependencies, masked params) and the recipe's tags, for the monitor. */
    private void insertPlan(Connection c, Recipe recipe) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE recipes SET tags = ? WHERE run_id = ? AND recipe = ?")) {
            st.setString(1, RunDatabase.text(ContextJson.mapper().valueToTree(recipe.meta().tags())));
            st.setString(2, runId);
            st.setString(3, recipe.testId());
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO planned_steps (run_id, recipe, step, "
                + "idx, type, depends_on, params) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + replacing(List.of("idx", "type", "depends_on", "params")))) {
            for (Step step : recipe.steps()) {
                st.setString(1, runId);
                st.setString(2, recipe.testId());
                st.setString(3, step.name());
                st.setInt(4, step.idx());
                st.setString(5, step.type().yamlName());
                st.setString(6, RunDatabase.text(ContextJson.mapper().valueToTree(step.dependsOn())));
                st.setString(7, step.params() == null ? null : RunDatabase.text(masker.mask(step.params())));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The non-key columns of a step result: a new result replaces every one of them. */
    private static final List<String> STEP_COLUMNS = List.of("idx", "type", "status", "attempts", "started", "finished",
            "wall_ms", "cpu_ms", "peak_memory_bytes", "allocated_bytes", "log_path", "failure_message", "skip_reason");

    /**
     * Replaces the row of the same step ({@code run_id, recipe, step}) with the inserted one: an upsert in the
     * syntax SQLite and PostgreSQL share. Columns not inserted take their defaults, as a replaced row would.
     */
    private static String replacing(List<String> columns) {
        StringBuilder sql = new StringBuilder(" ON CONFLICT (run_id, recipe, step) DO UPDATE SET ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" = excluded.").append(columns.get(i));
        }
        return sql.toString();
    }

    private static void setDouble(PreparedStatement st, int index, Double value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.DOUBLE);
        } else {
            st.setDouble(index, value);
        }
    }

    private void insertChanges(Connection c, List<ChangeRecord> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO ctx_changes (run_id, recipe, key, op, old, new, "
                + "who, what, \"when\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (ChangeRecord r : changes) {
                st.setString(1, r.runId());
                st.setString(2, r.recipe());
                st.setString(3, r.key());
                st.setString(4, r.op() == ChangeRecord.Op.SET ? "set" : "delete");
                st.setString(5, text(r.key(), r.old()));
                st.setString(6, text(r.key(), r.value()));
                st.setString(7, r.who());
                st.setString(8, r.what());
                st.setString(9, RunDatabase.stamp(r.when()));
                st.addBatch();
                if (++pending == BATCH) {
                    st.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                st.executeBatch();
            }
        }
    }

    private void write(RunDatabase.Work work) {
        sql(() -> {
            db.write(work);
            return null;
        });
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new IllegalStateException("run database " + target.display() + ": " + e.getMessage(), e);
        }
    }
}
