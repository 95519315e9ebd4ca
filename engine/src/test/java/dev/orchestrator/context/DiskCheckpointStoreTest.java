package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.context.internal.CtxJournal;
import dev.orchestrator.context.internal.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCheckpointStoreTest {

    @TempDir
    Path workspace;

    private Checkpoint checkpointAfter(String step, int rows) {
        Context ctx = Context.create("csv_metrics", "run-1");
        ctx.set("test_meta", Map.of("test_id", "csv_metrics"));
        ctx.actingAs(step, "dev.example.Step").set("rows", rows);
        ctx.actingAs(step, "dev.example.Step").set("cols", List.of("a", "b"));
        return ctx.checkpoint(step);
    }

    private List<String> filesOf(String testId) throws Exception {
        try (Stream<Path> files = Files.list(workspace.resolve("Data/ctx").resolve(testId))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRunAppendsEveryCheckpointToOneJournalAndEachLoadsAsItStoodAfterItsStep() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        Context ctx = Context.create("csv_metrics", "run-1");
        try (CtxJournal journal = store.open(ctx, "sha256:abc")) {
            ctx.actingAs("load", "x").set("rows", 1);
            journal.checkpoint("load");
            ctx.actingAs("clean", "x").set("rows", 2);
            ctx.actingAs("clean", "x").set("cols", List.of("a"));
            journal.checkpoint("clean");
            ctx.actingAs("drop", "x").remove("cols");
            journal.checkpoint("drop");
        }

        assertThat(filesOf("csv_metrics")).singleElement().asString().matches("\\d{15}_run-1\\.journal");
        Checkpoint afterClean = store.load("csv_metrics", "clean").orElseThrow();
        assertThat(afterClean.values().toString()).isEqualTo("{\"rows\":2,\"cols\":[\"a\"]}");
        assertThat(afterClean.history()).hasSize(3);
        assertThat(afterClean.recipeHash()).isEqualTo("sha256:abc");
        assertThat(store.load("csv_metrics", "load").orElseThrow().values().toString()).isEqualTo("{\"rows\":1}");
        Checkpoint afterDrop = store.load("csv_metrics", "drop").orElseThrow();
        assertThat(afterDrop.values().toString()).isEqualTo("{\"rows\":2}");
        assertThat(afterDrop.history()).isEqualTo(ctx.history());
        assertThat(store.latest("csv_metrics").orElseThrow().afterStep()).isEqualTo("drop");
    }

    @Test
    void eachCheckpointAppendsOnlyWhatChangedSinceThePreviousOne() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        Context ctx = Context.create("grow", "run-1");
        try (CtxJournal journal = store.open(ctx, null)) {
            for (int i = 0; i < 200; i++) {
                ctx.actingAs("s" + i, "x").set("k" + i, "v".repeat(100));
                journal.checkpoint("s" + i);
            }
        }
        long journalBytes = Files.size(workspace.resolve("Data/ctx/grow").resolve(filesOf("grow").get(0)));
        long historyBytes = ContextJson.historyToJson(ctx.history()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        // a checkpoint copying the whole history would write about 100 times the history here
        assertThat(journalBytes).isLessThanOrEqualTo(2 * historyBytes);
    }

    @Test
    void aSavedCheckpointLoadsBackEqual() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        Checkpoint saved = checkpointAfter("load_csv", 3);

        store.save(saved);
        Checkpoint loaded = store.load("csv_metrics", "load_csv").orElseThrow();

        assertThat(loaded).isEqualTo(saved);
        Context restored = Context.restore("csv_metrics", "run-2", loaded.values(), loaded.history());
        assertThat(restored.get("rows").intValue()).isEqualTo(3);
        assertThat(restored.history()).isEqualTo(saved.history());
    }

    @Test
    void loadingAStepWithoutACheckpointIsEmpty() throws Exception {
        assertThat(new DiskCheckpointStore(workspace).load("csv_metrics", "never_ran")).isEmpty();
    }

    @Test
    void aLaterRunSupersedesTheEarlierOneWhoseJournalIsThenDeleted() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        store.save(checkpointAfter("load_csv", 1));
        store.save(checkpointAfter("load_csv", 2));

        assertThat(store.load("csv_metrics", "load_csv").orElseThrow().values().get("rows").asInt()).isEqualTo(2);
        assertThat(filesOf("csv_metrics")).singleElement().asString().endsWith(".journal");
    }

    @Test
    void aPartialRunKeepsTheOlderJournalForTheStepsItDidNotRun() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        store.save(checkpointAfter("load_csv", 1));
        store.save(checkpointAfter("clean", 2));

        assertThat(filesOf("csv_metrics")).hasSize(2);
        assertThat(store.load("csv_metrics", "load_csv").orElseThrow().values().get("rows").asInt()).isEqualTo(1);
        assertThat(store.load("csv_metrics", "clean").orElseThrow().values().get("rows").asInt()).isEqualTo(2);
    }

    @Test
    void theNewestCheckpointOfARecipeContentPassesOverThoseOfOtherContent() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        Checkpoint v1 = checkpointAfter("load_csv", 1);
        Checkpoint v2 = checkpointAfter("load_csv", 2);
        store.save(new Checkpoint(v1.testId(), v1.runId(), v1.afterStep(), v1.at(), v1.values(), v1.history(), "sha256:one"));
        store.save(new Checkpoint(v2.testId(), v2.runId(), v2.afterStep(), v2.at(), v2.values(), v2.history(), "sha256:two"));
        // the newer run superseded the older one, so only the newest content has a checkpoint left
        assertThat(store.loadForRecipeContent("csv_metrics", "load_csv", "sha256:two").orElseThrow()
                .values().get("rows").asInt()).isEqualTo(2);
        assertThat(store.loadForRecipeContent("csv_metrics", "load_csv", "sha256:one")).isEmpty();
        assertThat(store.load("csv_metrics", "load_csv").orElseThrow().recipeHash()).isEqualTo("sha256:two");

        store.save(new Checkpoint(v1.testId(), v1.runId(), "clean", v1.at(), v1.values(), v1.history(), "sha256:three"));
        assertThat(store.loadForRecipeContent("csv_metrics", "load_csv", "sha256:two")).isPresent();
        assertThat(store.loadForRecipeContent("csv_metrics", "clean", "sha256:two")).isEmpty();
    }

    @Test
    void aConcurrentReaderNeverSeesAPartialFile() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        // big enough that a non-atomic write would be caught half-way
        Context ctx = Context.create("csv_metrics", "run-1");
        for (int i = 0; i < 2_000; i++) {
            ctx.set("k" + (i % 50), "value-" + i + "-" + "x".repeat(40));
        }
        Checkpoint big = ctx.checkpoint("step_a");
        store.save(big);

        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    store.save(big);
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                done.set(true);
            }
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(new Thread(() -> {
                try {
                    while (!done.get()) {
                        Optional<Checkpoint> loaded = store.load("csv_metrics", "step_a");
                        assertThat(loaded).isPresent();
                        assertThat(loaded.get().history()).hasSize(2_000);
                        reads.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        writer.start();
        readers.forEach(Thread::start);
        writer.join();
        for (Thread reader : readers) {
            reader.join();
        }

        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(filesOf("csv_metrics")).singleElement().asString().endsWith(".journal");
    }

    @Test
    void refusesNamesThatWouldEscapeTheCheckpointFolder() {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);

        for (String bad : List.of("..", ".", "../evil", "a/b", "a\\b", "", "/abs")) {
            assertThatThrownBy(() -> store.load(bad, "step")).as("test_id %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.load("csv_metrics", bad)).as("step %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        Checkpoint escaping = new Checkpoint("..", "run", "step", java.time.Instant.now(),
                ContextJson.mapper().createObjectNode(), List.of());
        assertThatThrownBy(() -> store.save(escaping)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..'");
        assertThat(workspace.resolve("Data")).doesNotExist();
    }

    private Path journalWithThreeSteps() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        Context ctx = Context.create("csv_metrics", "run-1");
        try (CtxJournal journal = store.open(ctx, null)) {
            for (String step : List.of("a", "b", "c")) {
                ctx.actingAs(step, "x").set("from_" + step, step);
                journal.checkpoint(step);
            }
        }
        return workspace.resolve("Data/ctx/csv_metrics").resolve(filesOf("csv_metrics").get(0));
    }

    @Test
    void aCorruptJournalIsAnErrorNamingTheFileTheLineAndTheParseError() throws Exception {
        Path journal = journalWithThreeSteps();
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        // line 5 is b's change record: {"change":{…}} becomes {"change":#…}
        assertThat(lines.get(4)).startsWith("{\"change\":{\"key\":\"from_b\"");
        lines.set(4, lines.get(4).substring(0, 10) + "#" + lines.get(4).substring(11));
        Files.write(journal, lines);

        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        assertThatThrownBy(() -> store.load("csv_metrics", "c"))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining(journal.getFileName().toString())
                .hasMessageContaining("is corrupt: line 5: ")
                .hasMessageContaining("Unexpected character ('#'");
        assertThatThrownBy(() -> store.latest("csv_metrics")).hasMessageContaining("is corrupt: line 5");
    }

    @Test
    void aTornLastRecordIsIgnoredWithAWarning() throws Exception {
        Path journal = journalWithThreeSteps();
        byte[] bytes = Files.readAllBytes(journal);
        // cut the file inside its last line (c's checkpoint marker), as a kill -9 during the append can
        Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        List<String> warnings = new CopyOnWriteArrayList<>();
        DiskCheckpointStore store = new DiskCheckpointStore(workspace, Durability.PROCESS_CRASH, warnings::add);

        assertThat(store.load("csv_metrics", "c")).isEmpty();
        assertThat(store.load("csv_metrics", "b").orElseThrow().values().toString())
                .isEqualTo("{\"from_a\":\"a\",\"from_b\":\"b\"}");
        assertThat(store.latest("csv_metrics").orElseThrow().afterStep()).isEqualTo("b");
        assertThat(warnings).singleElement().asString()
                .contains(journal.getFileName().toString(), "ends with a torn record", "not terminated");
    }

    @Test
    void aCheckpointFileOfAnOlderEngineIsStillReadAndDeletedOnceAJournalCoversItsStep() throws Exception {
        Checkpoint old = checkpointAfter("load_csv", 7);
        Path legacy = workspace.resolve("Data/ctx/csv_metrics/load_csv.json");
        Files.createDirectories(legacy.getParent());
        Files.write(legacy, ContextJson.mapper().writeValueAsBytes(old));
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);

        assertThat(store.load("csv_metrics", "load_csv")).contains(old);
        assertThat(store.latest("csv_metrics")).contains(old);

        store.save(checkpointAfter("load_csv", 8));
        assertThat(legacy).doesNotExist();
        assertThat(store.load("csv_metrics", "load_csv").orElseThrow().values().get("rows").asInt()).isEqualTo(8);
    }

    @Test
    void durabilityIsParsedFromItsConfigurationValue() {
        assertThat(Durability.parse(" Power-Loss ")).isEqualTo(Durability.POWER_LOSS);
        assertThat(Durability.parse("process-crash")).isEqualTo(Durability.PROCESS_CRASH);
        assertThat(Durability.parse("none")).isEqualTo(Durability.NONE);
        assertThatThrownBy(() -> Durability.parse("fsync")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown durability 'fsync': expected process-crash, power-loss or none");
    }

    @Test
    void powerLossJournalsLoadLikeAnyOther() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace, Durability.POWER_LOSS, w -> { });
        Context ctx = Context.create("csv_metrics", "run-1");
        try (CtxJournal journal = store.open(ctx, null)) {
            ctx.actingAs("a", "x").set("rows", 1);
            journal.checkpoint("a");
            ctx.actingAs("b", "x").set("rows", 2);
            journal.checkpoint("b");
        }
        assertThat(store.load("csv_metrics", "a").orElseThrow().values().get("rows").asInt()).isEqualTo(1);
        assertThat(store.load("csv_metrics", "b").orElseThrow().values().get("rows").asInt()).isEqualTo(2);
    }

    @Test
    void aCorruptCheckpointIsAnErrorNamingTheFile() throws Exception {
        Path file = workspace.resolve("Data/ctx/csv_metrics/broken.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"test_id\": ");

        assertThatThrownBy(() -> new DiskCheckpointStore(workspace).load("csv_metrics", "broken"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("broken.json is corrupt: ");
    }
}
