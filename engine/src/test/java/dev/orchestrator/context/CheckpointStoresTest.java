package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.context.internal.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointStoresTest {

    @TempDir
    Path workspace;

    private static Checkpoint checkpoint() {
        Context ctx = Context.create("csv_metrics", "run-1");
        ctx.set("rows", 3);
        return ctx.checkpoint("load_csv");
    }

    @Test
    void withoutStoreOnRamTxtCheckpointsGoToDisk() throws Exception {
        CheckpointStore store = CheckpointStores.forWorkspace(workspace);
        store.save(checkpoint());

        assertThat(store).isInstanceOf(DiskCheckpointStore.class);
        try (java.util.stream.Stream<Path> files = Files.list(workspace.resolve("Data/ctx/csv_metrics"))) {
            assertThat(files).singleElement().asString().endsWith(".journal");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "  True \n", "\uFEFFtrue\r\n"})
    void storeOnRamTxtSayingTrueKeepsCheckpointsInMemoryOnly(String content) throws Exception {
        Files.writeString(workspace.resolve("store_on_ram.txt"), content);

        CheckpointStore store = CheckpointStores.forWorkspace(workspace);
        store.save(checkpoint());

        assertThat(store).isInstanceOf(RamCheckpointStore.class);
        assertThat(store.load("csv_metrics", "load_csv")).isPresent();
        assertThat(workspace.resolve("Data")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "", "yes", "true please", "1"})
    void storeOnRamTxtSayingAnythingElseMeansDisk(String content) throws Exception {
        Files.writeString(workspace.resolve("store_on_ram.txt"), content);

        assertThat(CheckpointStores.forWorkspace(workspace)).isInstanceOf(DiskCheckpointStore.class);
    }

    @Test
    void ramCheckpointsSurviveIntoALaterRunInTheSameJvm() throws Exception {
        Files.writeString(workspace.resolve("store_on_ram.txt"), "true");
        CheckpointStores.forWorkspace(workspace).save(checkpoint());

        CheckpointStore laterRun = CheckpointStores.forWorkspace(workspace.resolve("."));

        assertThat(laterRun.load("csv_metrics", "load_csv").orElseThrow().values().get("rows").asInt()).isEqualTo(3);
    }

    @Test
    void ramCheckpointsOfOneWorkspaceAreInvisibleToAnother(@TempDir Path other) throws Exception {
        Files.writeString(workspace.resolve("store_on_ram.txt"), "true");
        Files.writeString(other.resolve("store_on_ram.txt"), "true");
        CheckpointStores.forWorkspace(workspace).save(checkpoint());

        assertThat(CheckpointStores.forWorkspace(other).load("csv_metrics", "load_csv")).isEmpty();
    }

    @Test
    void ramCheckpointsAreCopiedOnSaveAndLoad() throws Exception {
        RamCheckpointStore store = new RamCheckpointStore();
        Checkpoint saved = checkpoint();
        store.save(saved);
        saved.values().put("rows", 99);
        store.load("csv_metrics", "load_csv").orElseThrow().values().put("rows", 98);

        assertThat(store.load("csv_metrics", "load_csv").orElseThrow().values().get("rows").asInt()).isEqualTo(3);
    }
}
