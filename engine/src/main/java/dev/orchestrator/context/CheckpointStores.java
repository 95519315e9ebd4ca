package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.internal.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/** Picks the checkpoint store for a workspace. */
@API(status = INTERNAL)
public final class CheckpointStores {

    /** The file that selects memory-only checkpoints (docs/architecture.md). */
    public static final String STORE_ON_RAM_FILE = "store_on_ram.txt";

    /*
     * RAM checkpoints must outlive one engine execution: a later run in the same JVM (an IDE re-running one
     * step, the CLI's resume-from, EngineTestKit in tests) restores from them, and memory is the only place
     * they exist. So this is the one piece of JVM-wide state in the package: one store per workspace
     * (keyed by its absolute, normalised path, so workspaces never see each other's checkpoints).
     */
    private static final Map<Path, RamCheckpointStore> RAM_STORES = new ConcurrentHashMap<>();

    private CheckpointStores() {
    }

    /**
     * The store a workspace asks for: memory only when {@code <workspace>/store_on_ram.txt} says
     * {@code true}, else journals under {@code <workspace>/Data/ctx/}.
     *
     * <p>The file's content is trimmed and compared ignoring case (a leading byte-order mark is ignored);
     * anything but {@code true}, an absent file or an unreadable one means disk. Calls for the same
     * workspace in RAM mode return the same store for the life of the JVM.
     */
    public static CheckpointStore forWorkspace(Path workspace) {
        return forWorkspace(workspace, Durability.PROCESS_CRASH);
    }

    /**
     * As {@link #forWorkspace(Path)}, with disk journals written as {@code durability} says (memory-only
     * checkpoints ignore it).
     */
    public static CheckpointStore forWorkspace(Path workspace, Durability durability) {
        Path root = workspace.toAbsolutePath().normalize();
        if (storeOnRam(root)) {
            return RAM_STORES.computeIfAbsent(root, p -> new RamCheckpointStore());
        }
        return new DiskCheckpointStore(root, durability, DiskCheckpointStore::warnOnConsole);
    }

    /**
     * The journals under {@code <workspace>/Data/ctx/}, whatever {@code store_on_ram.txt} says (for readers
     * such as {@code orchestrator history}); warnings about torn journal tails go to {@code warnings}.
     */
    public static CheckpointStore onDisk(Path workspace, Consumer<String> warnings) {
        return new DiskCheckpointStore(workspace.toAbsolutePath().normalize(), Durability.PROCESS_CRASH,
                Objects.requireNonNull(warnings, "warnings"));
    }

    /**
     * The content hash recorded with a run's journal: {@code sha256:} and the lower-case hex SHA-256 of the
     * recipe file's bytes exactly as read (no normalisation, so any edit gives a new hash).
     */
    public static String contentHash(byte[] recipeText) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recipeText));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static boolean storeOnRam(Path workspace) {
        Path flag = workspace.resolve(STORE_ON_RAM_FILE);
        if (!Files.isRegularFile(flag)) {
            return false;
        }
        try {
            String text = Files.readString(flag).replace("\uFEFF", "").strip();
            return text.equalsIgnoreCase("true");
        } catch (IOException e) {
            // the default is disk (docs/architecture.md): an unreadable flag must not silently lose checkpoints
            return false;
        }
    }
}
