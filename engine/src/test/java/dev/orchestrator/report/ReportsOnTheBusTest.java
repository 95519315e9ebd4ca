package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.event.Delivery;
import dev.orchestrator.event.EventBus;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.execution.ResourceUsage;
import dev.orchestrator.execution.RunEvent;
import dev.orchestrator.execution.RunInfo;
import dev.orchestrator.execution.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.StepStatus;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports as subscribers of the run's events: isolated from each other, created only when the run starts. */
class ReportsOnTheBusTest {

    @TempDir
    Path dir;

    private final RunInfo run = new RunInfo("r1", Path.of("."), Instant.now());

    @Test
    void aThrowingReportIsLoggedAndDoesNotStopTheOthers() throws Exception {
        Path log = dir.resolve("Logs/orchestrator.log");
        ReportLog reportLog = new ReportLog(log);
        List<String> before = new CopyOnWriteArrayList<>();
        List<String> after = new CopyOnWriteArrayList<>();
        try (EventBus<RunEvent> bus = new EventBus<>()) {
            bus.register("before report", Delivery.background(reportLog::warn), recording(before));
            bus.register("throwing report", Delivery.background(reportLog::warn), on -> {
                on.event(RunEvent.RecipeFinished.class, e -> {
                    throw new IllegalStateException("disk full");
                });
                on.event(RunEvent.RunFinished.class, e -> {
                    throw new NoClassDefFoundError("org/apache/poi/Missing");
                });
            });
            bus.register("after report", Delivery.background(reportLog::warn), recording(after));
            bus.publish(new RunEvent.RunStarted(run));
            bus.publish(new RunEvent.RecipeFinished(null, Context.create("x", "r1")));
            bus.publish(new RunEvent.RunFinished(run));
        }

        assertThat(before).containsExactly("RunStarted(r1)", "RecipeFinished(?)", "RunFinished(r1)");
        assertThat(after).containsExactly("RunStarted(r1)", "RecipeFinished(?)", "RunFinished(r1)");
        assertThat(Files.readString(log)).contains(ReportLog.PREFIX)
                .contains("the throwing report failed in RecipeFinished(?); the run and the others go on")
                .contains("disk full").contains("the throwing report failed 2 times in all");
    }

    private static dev.orchestrator.event.Subscriber<RunEvent> recording(List<String> events) {
        return on -> on.event(RunEvent.class, e -> events.add(e.describe()));
    }

    @Test
    void reportsAreNotCreatedBeforeTheRunStarts() {
        try (EventBus<RunEvent> bus = new EventBus<>()) {
            Reports.subscribe(bus, run, dir, new java.util.Properties());
            assertThat(dir.resolve("Data")).doesNotExist();
            assertThat(dir.resolve("reports")).doesNotExist();
        }
    }

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

    private static StepOutcome passed(Recipe recipe, Step step, String runId) {
        Instant now = Instant.now();
        ChangeRecord change = new ChangeRecord("k", ChangeRecord.Op.SET, null, IntNode.valueOf(step.idx()),
                step.name(), step.scriptletId(), now, recipe.testId(), runId);
        return new StepOutcome(StepStatus.PASSED, null, null, null, ResourceUsage.NONE, 1, null, List.of(change),
                now, now);
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
