package dev.orchestrator.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.context.Context;
import dev.orchestrator.event.internal.Delivery;
import dev.orchestrator.event.internal.EventBus;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.execution.internal.RunnerLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        RunnerLog reportLog = RunnerLog.forWorkspace(dir, dev.orchestrator.secrets.Masker.create());
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
        assertThat(Files.readString(log)).contains("WARNING: ")
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

}
