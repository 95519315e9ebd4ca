package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.report.ReportFixtures;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database report as a subscriber of the run's events: a batch of events is written in one transaction. */
class DatabaseBatchTest {

    @TempDir
    Path dir;

    /**
     * The database holds back the writes of a batch and makes them together at its end; when that transaction
     * fails, each event is written on its own, so a bad row loses only its own event.
     */
    @Test
    void theDatabaseWritesABatchTogetherAndABadRowLosesOnlyItsOwnEvent() throws Exception {
        Workspace ws = new Workspace(dir);
        Recipe recipe = ReportFixtures.load(ws, "large.yaml", ReportFixtures.large("big", 40));
        Path file = dir.resolve("Data/orchestrator.db");
        Handlers handlers = new Handlers();
        new DatabaseWriter(file).subscribe(handlers);
        RunInfo info = new RunInfo("run-b", dir, Instant.now());
        Context ctx = Context.create(recipe.testId(), "run-b");
        List<Integer> seenDuringTheBatch = new ArrayList<>();

        Runnable bad = () -> handlers.batch(() -> {
            handlers.handle(new RunEvent.RunStarted(info));
            handlers.handle(new RunEvent.RecipeStarted(recipe, ctx));
            for (Step step : recipe.steps()) {
                // step 7's change has no run id: the database refuses that row, and with it the batch's transaction
                String runId = step.idx() == 7 ? null : "run-b";
                handlers.handle(new RunEvent.StepFinished(recipe, step, passed(recipe, step, runId)));
            }
            try (RunDatabase db = RunDatabase.open(file)) {
                seenDuringTheBatch.add(db.steps("run-b", "big").size());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        // the failure is the bus's to tell (once, as a warning); the writer only must not hide it
        assertThatThrownBy(bad::run).hasMessageContaining("ctx_changes.run_id");
        handlers.batch(() -> {
            handlers.handle(new RunEvent.RecipeFinished(recipe, ctx));
            handlers.handle(new RunEvent.RunFinished(info));
        });

        assertThat(seenDuringTheBatch).containsExactly(0);
        try (RunDatabase db = RunDatabase.open(file)) {
            assertThat(db.steps("run-b", "big")).hasSize(39);
            assertThat(db.history("big", "k")).hasSize(39);
            assertThat(db.lastRuns("big", 1)).singleElement().satisfies(r -> assertThat(r.passed()).isEqualTo(39));
        }
    }

    private static StepOutcome.Finished passed(Recipe recipe, Step step, String runId) {
        Instant now = Instant.now();
        ChangeRecord change = new ChangeRecord("k", ChangeRecord.Op.SET, null, IntNode.valueOf(step.idx()),
                step.name(), step.scriptletId(), now, recipe.testId(), runId);
        return new StepOutcome.Passed(null, new StepOutcome.Ran(ResourceUsage.NONE, 1, null, List.of(change), now, now));
    }

    /** Delivers events to one subscriber by hand, as a background delivery would, batch by batch. */
    private static final class Handlers implements Subscriptions<RunEvent> {
        private final Map<Class<?>, Consumer<Object>> byType = new HashMap<>();
        private BatchScope scope;

        @Override
        @SuppressWarnings("unchecked")
        public <T extends RunEvent> void event(Class<T> type, Consumer<? super T> handler) {
            byType.put(type, (Consumer<Object>) handler);
        }

        @Override
        public void batches(BatchScope scope) {
            this.scope = scope;
        }

        void handle(RunEvent event) {
            byType.getOrDefault(event.getClass(), e -> { }).accept(event);
        }

        void batch(Runnable events) {
            scope.around(events);
        }
    }
}
