package dev.orchestrator.report.database.internal;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.execution.internal.StepLogs;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepContract;
import dev.orchestrator.schedule.internal.Shard;
import dev.orchestrator.event.StepStatus;
import dev.orchestrator.report.ReportKeys;
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
 * Records the run in the {@link RunDatabase}: one transaction per event, or per batch of the events that queued
 * up while it was busy when it hears them on its own thread, so what a crashed run did so far is kept.
 * Re-running with the same run id replaces that recipe's rows. The shards of a run ({@link RunShards}) share its
 * run row; each recipe's rows are written by the one shard that runs it. Secrets are masked ({@link Masker}) unless
 * {@link ReportKeys#DATABASE_SECRETS} is {@code raw}: then ctx values are stored as they were (failure messages
 * and skip reasons come masked from the run either way).
 */
final class DatabaseWriter implements Subscriber<RunEvent> {

    private static final int BATCH = 1_000;

    private final DatabaseTarget target;
    private final Optional<Shard> shard;
    private volatile RunDatabase db;
    private volatile String runId;

    private final Masker masker;
    private final boolean raw;
    /** The writes of the batch being handled, made together at its end; null outside a batch. */
    private List<RunDatabase.Work> held;

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
    public void subscribe(Subscriptions<RunEvent> on) {
        on.event(RunEvent.RunStarted.class, e -> runStarted(e.run()));
        on.event(RunEvent.RecipeStarted.class, e -> recipeStarted(e.recipe(), e.ctx()));
        on.event(RunEvent.StepStarted.class, e -> stepStarted(e.recipe(), e.step()));
        on.event(RunEvent.StepFinished.class, e -> stepFinished(e.recipe(), e.step(), e.outcome()));
        on.event(RunEvent.StepSkipped.class, e -> stepSkipped(e.recipe(), e.step(), e.reason()));
        on.event(RunEvent.RecipeFinished.class, e -> recipeFinished(e.recipe(), e.ctx()));
        on.event(RunEvent.RunFinished.class, e -> runFinished(e.run()));
        on.batches(this::inOneTransaction);
    }

    /**
     * Handles a batch of events with their writes held back, then makes them in one transaction. When that
     * fails, each event's writes get a transaction of their own, so one bad row loses only its own event.
     */
    private void inOneTransaction(Runnable handleAll) {
        held = new java.util.ArrayList<>();
        try {
            handleAll.run();
        } finally {
            List<RunDatabase.Work> works = held;
            held = null;
            writeAll(works);
        }
    }

    private void writeAll(List<RunDatabase.Work> works) {
        if (works.isEmpty()) {
            return;
        }
        try {
            commit(c -> {
                for (RunDatabase.Work work : works) {
                    work.run(c);
                }
            });
        } catch (RuntimeException together) {
            if (works.size() == 1) {
                throw together;
            }
            RuntimeException first = null;
            for (RunDatabase.Work work : works) {
                try {
                    commit(work);
                } catch (RuntimeException alone) {
                    first = first == null ? alone : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

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

    public void stepFinished(Recipe recipe, Step step, StepOutcome.Finished outcome) {
        write(c -> {
            insertStep(c, recipe, step, outcome);
            insertChanges(c, outcome.ran().changes());
        });
    }

    public void stepSkipped(Recipe recipe, Step step, String reason) {
        write(c -> insertStep(c, recipe, step, StepOutcome.skipped(reason)));
    }

    public void recipeFinished(Recipe recipe, Context ctx) {
        write(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE recipes SET finished = ?,
                      passed  = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status = 'passed'),
                      failed  = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status = 'failed'),
                      skipped = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status IN ('skipped', 'aborted'))
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
            if (held != null) { // the batch's writes go in before the database closes
                List<RunDatabase.Work> works = held;
                held = new java.util.ArrayList<>();
                writeAll(works);
            }
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
                + "log_path, failure_message, skip_reason, cached_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + replacing(STEP_COLUMNS))) {
            st.setString(1, runId);
            st.setString(2, recipe.testId());
            st.setString(3, step.name());
            st.setInt(4, step.idx());
            st.setString(5, step.type().yamlName());
            st.setString(6, o.status().name().toLowerCase(Locale.ROOT));
            StepOutcome.Ran ran = o instanceof StepOutcome.Finished f ? f.ran() : null;
            ResourceUsage usage = ran == null ? ResourceUsage.NONE : ran.usage();
            st.setInt(7, ran == null ? 0 : ran.attempts());
            st.setString(8, ran == null ? null : RunDatabase.stamp(ran.started()));
            st.setString(9, ran == null ? null : RunDatabase.stamp(ran.finished()));
            setDouble(st, 10, ran != null ? usage.wall().toNanos() / 1e6 : null);
            setDouble(st, 11, ran != null ? usage.cpu().toNanos() / 1e6 : null);
            st.setLong(12, usage.peakMemoryBytes());
            st.setLong(13, usage.allocatedBytes());
            // the monitor reads the log this row names once the step is finished: name it once it is complete
            StepLogs.awaitWritten(ran == null ? null : ran.log());
            st.setString(14, ran == null || ran.log() == null ? null : ran.log().toString());
            // a failure's message; why a step was skipped or gave up (aborted) is its skip reason
            String reason = o.reason().map(masker::mask).orElse(null);
            st.setString(15, o.status() == StepStatus.FAILED ? reason : null);
            st.setString(16, o.status() == StepStatus.SKIPPED || o.status() == StepStatus.ABORTED ? reason : null);
            st.setString(17, o instanceof StepOutcome.Passed passed ? passed.cachedFrom() : null);
            st.executeUpdate();
        }
    }

    /** Every step as planned (dependencies, masked params) and the recipe's tags, for the monitor. */
    private void insertPlan(Connection c, Recipe recipe) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE recipes SET tags = ? WHERE run_id = ? AND recipe = ?")) {
            st.setString(1, jsonList(recipe.meta().tags()));
            st.setString(2, runId);
            st.setString(3, recipe.testId());
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO planned_steps (run_id, recipe, step, "
                + "idx, type, depends_on, params, ctx_reads, ctx_writes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + replacing(List.of("idx", "type", "depends_on", "params", "ctx_reads", "ctx_writes")))) {
            for (Step step : recipe.steps()) {
                st.setString(1, runId);
                st.setString(2, recipe.testId());
                st.setString(3, step.name());
                st.setInt(4, step.idx());
                st.setString(5, step.type().yamlName());
                st.setString(6, jsonList(step.scheduling().dependsOn()));
                st.setString(7, step.target().params() == null ? null : RunDatabase.text(masker.mask(step.target().params())));
                // the declared ctx contract: null when undeclared, which differs from a declared []
                StepContract contract = step.contract();
                st.setString(8, contract.declaresReads() ? jsonList(contract.reads()) : null);
                st.setString(9, contract.declaresWrites() ? jsonList(contract.writes()) : null);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static String jsonList(List<String> values) {
        return RunDatabase.text(ContextJson.mapper().valueToTree(values));
    }

    /** The non-key columns of a step result: a new result replaces every one of them. */
    private static final List<String> STEP_COLUMNS = List.of("idx", "type", "status", "attempts", "started", "finished",
            "wall_ms", "cpu_ms", "peak_memory_bytes", "allocated_bytes", "log_path", "failure_message", "skip_reason",
            "cached_from");

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
        if (held != null) {
            held.add(work);
        } else {
            commit(work);
        }
    }

    private void commit(RunDatabase.Work work) {
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
