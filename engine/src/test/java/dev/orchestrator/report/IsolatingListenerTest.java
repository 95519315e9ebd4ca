package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.orchestrator.context.Context;
import dev.orchestrator.execution.CompositeRunListener;
import dev.orchestrator.execution.RunInfo;
import dev.orchestrator.execution.RunListener;
import dev.orchestrator.execution.RunnerLog;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolatingListenerTest {

    @TempDir
    Path dir;

    private final RunInfo run = new RunInfo("r1", Path.of("."), Instant.now());

    /** Records the events it hears. */
    static class Recording implements RunListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void runStarted(RunInfo run) {
            events.add("runStarted");
        }

        @Override
        public void recipeFinished(Recipe recipe, Context ctx) {
            events.add("recipeFinished");
        }

        @Override
        public void runFinished(RunInfo run) {
            events.add("runFinished");
        }
    }

    @Test
    void aThrowingWriterDoesNotStopTheOthersAndIsLogged() throws Exception {
        Path log = dir.resolve("Logs/orchestrator.log");
        RunnerLog reportLog = new RunnerLog(log.getParent(), Masker.create());
        Recording before = new Recording();
        Recording after = new Recording();
        RunListener throwing = new RunListener() {
            @Override
            public void recipeFinished(Recipe recipe, Context ctx) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void runFinished(RunInfo run) {
                throw new NoClassDefFoundError("org/apache/poi/Missing");
            }
        };
        RunListener all = new CompositeRunListener(List.of(
                new IsolatingListener("before", before, reportLog),
                new IsolatingListener("throwing", throwing, reportLog),
                new IsolatingListener("after", after, reportLog)));

        assertThatCode(() -> {
            all.runStarted(run);
            all.recipeFinished(null, Context.create("x", "r1"));
            all.runFinished(run);
        }).doesNotThrowAnyException();

        assertThat(before.events).containsExactly("runStarted", "recipeFinished", "runFinished");
        assertThat(after.events).containsExactly("runStarted", "recipeFinished", "runFinished");
        String text = Files.readString(log);
        assertThat(text).contains("WARNING: the throwing report failed in recipeFinished")
                .contains("disk full").contains("NoClassDefFoundError");
    }

    @Test
    void aWriterThatCannotStartIsSwitchedOffForTheRun() {
        Recording inner = new Recording() {
            @Override
            public void runStarted(RunInfo run) {
                throw new IllegalStateException("database is locked");
            }
        };
        IsolatingListener isolated = new IsolatingListener("database", inner, new RunnerLog(dir.resolve("Logs"), Masker.create()));
        isolated.runStarted(run);
        isolated.recipeFinished(null, null);
        isolated.runFinished(run);
        assertThat(isolated.isDisabled()).isTrue();
        assertThat(inner.events).isEmpty();
    }

    @Test
    void reportsAreNotCreatedBeforeTheRunStarts() {
        RunListener reports = Reports.forRun(dir, new java.util.Properties());
        reports.recipeFinished(null, null); // ignored: nothing built yet
        assertThat(dir.resolve("Data")).doesNotExist();
        assertThat(dir.resolve("reports")).doesNotExist();
    }
}
