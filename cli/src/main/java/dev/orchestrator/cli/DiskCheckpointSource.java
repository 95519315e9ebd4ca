package dev.orchestrator.cli;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.ContextJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoint files {@code <workspace>/Data/ctx/<test_id>/<step>.json}. The last run is the run id of the newest
 * file; of that run's checkpoints the one with the longest history holds every change (each checkpoint holds
 * the whole history up to its step, and parallel steps may finish in any order).
 */
final class DiskCheckpointSource implements CheckpointSource {

    private final Path root;

    DiskCheckpointSource(Path workspace) {
        this.root = workspace.resolve("Data").resolve("ctx");
    }

    @Override
    public Optional<Checkpoint> latest(String testId) throws IOException {
        Path dir = root.resolve(testId);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        record Found(Checkpoint checkpoint, FileTime modified) {
        }
        List<Found> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                try {
                    found.add(new Found(ContextJson.mapper().readValue(file.toFile(), Checkpoint.class),
                            Files.getLastModifiedTime(file)));
                } catch (IOException unreadable) {
                    // a damaged or foreign file: the other checkpoints still tell the history
                }
            }
        }
        Optional<Found> newest = found.stream().max(Comparator.comparing(Found::modified));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        String runId = newest.get().checkpoint().runId();
        return found.stream()
                .filter(f -> runId == null || runId.equals(f.checkpoint().runId()))
                .max(Comparator.<Found>comparingInt(f -> f.checkpoint().history().size())
                        .thenComparing(Found::modified))
                .map(Found::checkpoint);
    }

    @Override
    public String describe(String testId) {
        return root.resolve(testId).toString();
    }
}
