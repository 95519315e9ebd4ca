package dev.orchestrator.context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Checkpoints as JSON files {@code <workspace>/Data/ctx/<test_id>/<step>.json} (see {@link Checkpoint}).
 *
 * <p>A save never leaves a partial file where a reader (or a later run, after a crash) could see it: the
 * JSON goes to a temp file in the same folder, is forced to disk, then renamed over the target atomically,
 * and the folder itself is synced where the OS allows it so the rename survives a power cut.
 */
final class DiskCheckpointStore implements CheckpointStore {

    static final String TEMP_SUFFIX = ".tmp";

    private final Path root;

    DiskCheckpointStore(Path workspace) {
        this.root = workspace.resolve("Data").resolve("ctx").toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Where the checkpoint after {@code step} of {@code testId} lives; refuses names that would escape. */
    Path fileOf(String testId, String step) {
        Path file = root.resolve(CheckpointNames.check("test_id", testId))
                .resolve(CheckpointNames.check("step", step) + ".json").normalize();
        if (!file.startsWith(root)) { // belt and braces: check() already forbids separators and dot-dot
            throw new IllegalArgumentException("checkpoint path " + file + " escapes " + root);
        }
        return file;
    }

    @Override
    public void save(Checkpoint checkpoint) throws IOException {
        Path target = fileOf(checkpoint.testId(), checkpoint.afterStep());
        Path dir = target.getParent();
        Files.createDirectories(dir);
        byte[] json = ContextJson.mapper().writeValueAsBytes(checkpoint);
        // leading dot and .tmp suffix: never mistaken for a checkpoint by a reader listing *.json
        Path temp = TempFiles.createBeside(dir, "." + checkpoint.afterStep() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp); // only still there when writing or moving failed
        }
        syncDirectory(dir);
    }

    @Override
    public Optional<Checkpoint> load(String testId, String step) throws IOException {
        Path file = fileOf(testId, step);
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContextJson.mapper().readValue(json, Checkpoint.class));
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " is not a valid checkpoint: " + e.getMessage(), e);
        }
    }

    private static void syncDirectory(Path dir) {
        // Linux and macOS allow fsync on a directory (it makes the rename durable); Windows refuses to
        // open one, and there the rename is as durable as it gets, so a failure here is not an error.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort, see above
        }
    }

    @Override
    public String toString() {
        return "DiskCheckpointStore[" + root + "]";
    }
}
