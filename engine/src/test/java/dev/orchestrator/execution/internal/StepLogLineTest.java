package dev.orchestrator.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.context.GlobalState;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.internal.EventBus;
import dev.orchestrator.event.internal.Publisher;
import dev.orchestrator.event.internal.Delivery;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.schedule.internal.Selection;
import dev.orchestrator.schedule.internal.SerialScheduler;
import dev.orchestrator.secrets.Masker;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines a step logs reach the bus as {@code StepLogLine} events, masked, in order, and only when wanted. */
class StepLogLineTest {

    private static final String SECRET = "hunter2-very-secret";

    @TempDir
    Path dir;

    private Recipe recipe() {
        Workspace ws = new Workspace(dir);
        Path file = ws.recipe("chatty.yaml", """
                test_meta: {test_id: chatty, tester: qa, description: log lines on the bus}
                steps:
                  - {idx: 1, name: first, type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {db_password: %s}}}
                  - {idx: 2, name: second, type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {n: 1}}}
                """.formatted(SECRET));
        LoadResult loaded = new RecipeLoader(dir, getClass().getClassLoader()).load(RecipeSource.ofFile(file, dir));
        return ((LoadResult.Valid) loaded).recipe();
    }

    private RecipeRunner runner() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("Logs"));
        RunSettings settings = RunSettings.builder(dir, new GlobalState("log-lines")).logDir(logs)
                .classLoader(getClass().getClassLoader()).build();
        return new RecipeRunner(settings, new SerialScheduler());
    }

    @Test
    void eachLoggedLineArrivesMaskedAndInOrderBeforeItsStepFinishes() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (EventBus<RunEvent> bus = new EventBus<>()) {
            bus.register("listener", Delivery.synchronous(), on -> {
                on.event(RunEvent.StepLogLine.class, e -> heard.add(e.step().name() + ": " + e.line()));
                on.event(RunEvent.StepFinished.class, e -> heard.add(e.step().name() + " finished"));
            });
            runner().run(recipe(), Set.of("first", "second"), Selection.ALL, bus);
        }

        assertThat(heard).isNotEmpty().noneMatch(line -> line.contains(SECRET));
        assertThat(heard).anyMatch(line -> line.startsWith("first: put ") && line.contains(Masker.MASK));
        List<String> firstLines = heard.subList(0, heard.indexOf("first finished"));
        assertThat(firstLines).allMatch(line -> line.startsWith("first: "));
        assertThat(firstLines.get(0)).startsWith("first: step first (recipe chatty");
        assertThat(firstLines.get(firstLines.size() - 1)).startsWith("first: resources: ");
        assertThat(indexOfPrefix(firstLines, "first: put ")).isGreaterThan(indexOfPrefix(firstLines, "first: attempt 1"))
                .isLessThan(indexOfPrefix(firstLines, "first: status PASSED"));
        List<String> secondLines = heard.subList(heard.indexOf("first finished") + 1, heard.indexOf("second finished"));
        assertThat(secondLines).isNotEmpty().allMatch(line -> line.startsWith("second: "));
        assertThat(heard.get(heard.size() - 1)).isEqualTo("second finished");
    }

    @Test
    void noLineEventIsMadeWhenNobodyWantsThem() throws Exception {
        List<RunEvent> published = new ArrayList<>();
        Publisher<RunEvent> nobodyListensToLines = new Publisher<>() {
            @Override
            public void publish(RunEvent event) {
                published.add(event);
            }

            @Override
            public boolean wants(Class<? extends RunEvent> type) {
                return type != RunEvent.StepLogLine.class;
            }
        };
        runner().run(recipe(), Set.of("first", "second"), Selection.ALL, nobodyListensToLines);

        assertThat(published).hasAtLeastOneElementOfType(RunEvent.StepFinished.class)
                .noneMatch(e -> e instanceof RunEvent.StepLogLine);
    }

    @Test
    void theBusWantsOnlyWhatASubscriberHandles() {
        try (EventBus<RunEvent> bus = new EventBus<>()) {
            assertThat(bus.wants(RunEvent.StepLogLine.class)).isFalse();
            bus.register("finished only", Delivery.synchronous(), on -> on.event(RunEvent.StepFinished.class, e -> { }));
            assertThat(bus.wants(RunEvent.StepLogLine.class)).isFalse();
            assertThat(bus.wants(RunEvent.StepFinished.class)).isTrue();
            bus.register("every event", Delivery.synchronous(), on -> on.event(RunEvent.class, e -> { }));
            assertThat(bus.wants(RunEvent.StepLogLine.class)).isTrue();
        }
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
