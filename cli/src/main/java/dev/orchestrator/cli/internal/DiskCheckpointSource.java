package dev.orchestrator.cli.internal;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.CheckpointStores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ctx journals under {@code <workspace>/Data/ctx/<test_id>/}, read through the engine's checkpoint
 * store: the last run is the newest journal holding a checkpoint, and of its checkpoints the one with the
 * most history holds every change (parallel steps may finish in any order).
 */
final class DiskCheckpointSource implements CheckpointSource {

    private final Path workspace;
    private final CheckpointStore store;

    /** {@code warnings}: what to do with a warning about a torn journal tail (a run killed mid-write). */
    DiskCheckpointSource(Path workspace, Consumer<String> warnings) {
        this.workspace = workspace;
        this.store = CheckpointStores.onDisk(workspace, warnings);
    }

    @Override
    public Optional<Checkpoint> latest(String testId) throws IOException {
        return store.latest(testId);
    }

    @Override
    public String describe(String testId) {
        return workspace.resolve("Data").resolve("ctx").resolve(testId).toString();
    }
}
