package dev.orchestrator.report.database.internal;

import dev.orchestrator.context.Context;
import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.internal.Shard;
import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Records the run in the {@link RunDatabase}: one transaction per event, or per batch of the events that queued
 * up while it was busy when it hears them on its own thread, so what a crashed run did so far is kept.
 * Re-running with the same run id replaces that recipe's rows. The shards of a run ({@link RunShards}) share its
 * run row; each recipe's rows are written by the one shard that runs it. Secrets are masked ({@link Masker}) unless
 * {@link ReportKeys#DATABASE_SECRETS} is {@code raw}: then ctx values are stored as they were (failure messages
 * and skip reasons come masked from the run either way). The rows of each table group are written by
 * {@link RecipeRows} ({@code recipes}, {@code planned_steps}), {@link StepRows} ({@code step_results}) and
 * {@link ChangeRows} ({@code ctx_changes}); this class owns the {@code runs} row and the transactions.
 */
final class DatabaseWriter implements Subscriber<RunEvent> {

    private final DatabaseTarget target;
    private final Optional<Shard> shard;
    private volatile RunDatabase db;
    private volatile String runId;

    private final Masker masker;
    private final ChangeRows changes;
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
        this.changes = new ChangeRows(masker, raw);
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
            RecipeRows.started(c, runId, recipe, changes.text(recipe.meta().description()), shard);
            changes.insert(c, ctx.history());
            RecipeRows.plan(c, runId, recipe, masker);
        });
    }

    public void stepStarted(Recipe recipe, Step step) {
        write(c -> StepRows.running(c, runId, recipe, step));
    }

    public void stepFinished(Recipe recipe, Step step, StepOutcome.Finished outcome) {
        write(c -> {
            StepRows.result(c, runId, recipe, step, outcome, masker);
            changes.insert(c, outcome.ran().changes());
        });
    }

    public void stepSkipped(Recipe recipe, Step step, String reason) {
        write(c -> StepRows.result(c, runId, recipe, step, StepOutcome.skipped(reason), masker));
    }

    public void recipeFinished(Recipe recipe, Context ctx) {
        write(c -> RecipeRows.finished(c, runId, recipe));
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
