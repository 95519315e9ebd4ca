package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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

    @Test
    void writesTheCheckpointUnderDataCtxTestIdStepJson() throws Exception {
        new DiskCheckpointStore(workspace).save(checkpointAfter("load_csv", 3));

        Path file = workspace.resolve("Data/ctx/csv_metrics/load_csv.json");
        assertThat(file).isRegularFile();
        JsonNode json = ContextJson.mapper().readTree(file.toFile());
        List<String> fields = new ArrayList<>();
        json.properties().forEach(field -> fields.add(field.getKey()));
        assertThat(fields).containsExactly("test_id", "run_id", "after_step", "at", "values", "history");
        assertThat(json.get("history").get(1).get("new").asInt()).isEqualTo(3);
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
    void aLaterSaveReplacesTheEarlierAndLeavesNoTempFiles() throws Exception {
        DiskCheckpointStore store = new DiskCheckpointStore(workspace);
        store.save(checkpointAfter("load_csv", 1));
        store.save(checkpointAfter("load_csv", 2));

        assertThat(store.load("csv_metrics", "load_csv").orElseThrow().values().get("rows").asInt()).isEqualTo(2);
        try (Stream<Path> files = Files.list(workspace.resolve("Data/ctx/csv_metrics"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("load_csv.json");
        }
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
                for (int i = 0; i < 40; i++) {
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
        try (Stream<Path> files = Files.list(workspace.resolve("Data/ctx/csv_metrics"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("step_a.json");
        }
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

    @Test
    void aCorruptCheckpointIsAnErrorNamingTheFile() throws Exception {
        Path file = workspace.resolve("Data/ctx/csv_metrics/broken.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"test_id\": ");

        assertThatThrownBy(() -> new DiskCheckpointStore(workspace).load("csv_metrics", "broken"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("broken.json");
    }
}
