package dev.orchestrator.context;

import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.context.internal.CtxJournal;
import dev.orchestrator.context.internal.Durability;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checkpoints in ctx journals under {@code <workspace>/Data/ctx/<test_id>/}: one append-only file per recipe
 * run ({@link JournalFormat}), named {@code <stamp>_<run_id>.journal} so names sort oldest to newest.
 *
 * <p>The checkpoint of a step is the last one written after it in the newest journal that has one; a
 * partial run (only, skip, resume-from) thus supersedes the steps it ran and leaves the others to older
 * journals. When a run's journal is closed, older journals whose every step is covered by newer ones are
 * deleted (never one still being written), so the folder holds about one full history per recipe.
 *
 * <p>Checkpoint files of engines before the journal ({@code <step>.json}, the whole ctx per file) are still
 * read when no journal has the step, and deleted once a journal covers it.
 */
final class DiskCheckpointStore implements CheckpointStore {

    private static final String LEGACY_SUFFIX = ".json";

    private final Path root;
    private final Durability durability;
    private final Consumer<String> warnings;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    DiskCheckpointStore(Path workspace) {
        this(workspace, Durability.PROCESS_CRASH, DiskCheckpointStore::warnOnConsole);
    }

    DiskCheckpointStore(Path workspace, Durability durability, Consumer<String> warnings) {
        this.root = workspace.resolve("Data").resolve("ctx").toAbsolutePath().normalize();
        this.durability = durability;
        this.warnings = warnings;
    }

    /** The engine's console logger ({@code dev.orchestrator}, stderr unless configured), as the runner log uses. */
    static void warnOnConsole(String warning) {
        System.getLogger("dev.orchestrator").log(System.Logger.Level.WARNING, warning);
    }

    Path root() {
        return root;
    }

    Durability durability() {
        return durability;
    }

    /** The folder of {@code testId}'s journals; refuses names that would escape. */
    Path dirOf(String testId) {
        Path dir = root.resolve(CheckpointNames.check("test_id", testId)).normalize();
        if (!dir.startsWith(root)) { // belt and braces: check() already forbids separators and dot-dot
            throw new IllegalArgumentException("checkpoint path " + dir + " escapes " + root);
        }
        return dir;
    }

    @Override
    public CtxJournal open(Context ctx, String recipeHash) {
        return new DiskJournal(this, dirOf(ctx.recipe()), ctx.store(), recipeHash, durability);
    }

    @Override
    public void save(Checkpoint checkpoint) throws IOException {
        Context ctx = Context.restore(checkpoint.testId(), checkpoint.runId(), checkpoint.values(), checkpoint.history());
        DiskJournal journal = new DiskJournal(this, dirOf(checkpoint.testId()), ctx.store(), checkpoint.recipeHash(),
                durability == Durability.NONE ? Durability.PROCESS_CRASH : durability);
        try {
            journal.checkpoint(checkpoint.afterStep(), checkpoint.at());
        } finally {
            journal.close();
        }
    }

    @Override
    public Optional<Checkpoint> load(String testId, String step) throws IOException {
        return find(testId, step, null);
    }

    @Override
    public Optional<Checkpoint> loadForRecipeContent(String testId, String step, String recipeHash) throws IOException {
        if (recipeHash == null) {
            throw new IllegalArgumentException("recipeHash is null");
        }
        return find(testId, step, recipeHash);
    }

    private Optional<Checkpoint> find(String testId, String step, String recipeHash) throws IOException {
        CheckpointNames.check("step", step);
        Path dir = dirOf(testId);
        Optional<Checkpoint> found = scan(dir, content -> {
            if (recipeHash != null && !recipeHash.equals(content.header.recipeHash())) {
                return Optional.empty();
            }
            return content.lastMarkerOf(step).map(content::checkpointAt);
        });
        if (found.isPresent() || recipeHash != null) {
            return found; // old checkpoint files do not say which recipe content wrote them
        }
        return legacy(dir.resolve(step + LEGACY_SUFFIX));
    }

    /**
     * The first answer {@code reader} gives for the journals of {@code dir}, newest first. A journal pruned
     * while the scan ran means a newer one superseded it: the scan starts over, so a concurrent run never
     * makes a checkpoint look absent.
     */
    private Optional<Checkpoint> scan(Path dir, java.util.function.Function<JournalContent, Optional<Checkpoint>> reader)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean vanished = false;
            for (Path journal : journals(dir)) {
                JournalFormat.Read read;
                try {
                    read = JournalFormat.read(journal);
                } catch (NoSuchFileException gone) {
                    vanished = true;
                    break;
                }
                warn(read);
                if (read.content() != null) {
                    Optional<Checkpoint> answer = reader.apply(read.content());
                    if (answer.isPresent()) {
                        return answer;
                    }
                }
            }
            if (!vanished || attempt >= 20) {
                return Optional.empty();
            }
        }
    }

    @Override
    public Optional<Checkpoint> latest(String testId) throws IOException {
        Path dir = dirOf(testId);
        Optional<Checkpoint> found = scan(dir, content -> content.mostComplete().map(content::checkpointAt));
        if (found.isPresent()) {
            return found;
        }
        Checkpoint best = null;
        for (Path file : legacyFiles(dir)) {
            Optional<Checkpoint> c = legacy(file);
            if (c.isPresent() && (best == null || c.get().history().size() > best.history().size())) {
                best = c.get();
            }
        }
        return Optional.ofNullable(best);
    }

    private void warn(JournalFormat.Read read) {
        for (String warning : read.warnings()) {
            if (warned.add(warning)) {
                warnings.accept(warning);
            }
        }
    }

    private static Optional<Checkpoint> legacy(Path file) throws IOException {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContextJson.mapper().readValue(json, Checkpoint.class));
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " is corrupt: " + e.getMessage().replaceAll("\\s+", " "), e);
        }
    }

    /** The journals in {@code dir}, newest first. */
    static List<Path> journals(Path dir) throws IOException {
        return list(dir, JournalFormat.SUFFIX).stream()
                .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
    }

    private static List<Path> legacyFiles(Path dir) throws IOException {
        return list(dir, LEGACY_SUFFIX);
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            // a leading dot: temporary files of writers, never checkpoints
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** The stamp of the newest journal in {@code dir}, or 0; new journals get a larger one. */
    long newestStamp(Path dir) throws IOException {
        for (Path journal : journals(dir)) {
            String name = journal.getFileName().toString();
            int cut = name.indexOf('_');
            try {
                return Long.parseLong(cut < 0 ? name : name.substring(0, cut));
            } catch (NumberFormatException foreign) {
                // not one of ours; look at the next
            }
        }
        return 0;
    }

    /**
     * Deletes the journals (and old checkpoint files) of {@code dir} that newer journals make useless: every
     * step they checkpointed has a newer checkpoint. {@code closed} was just closed with {@code closedSteps}.
     * Journals still being written and unreadable ones are kept (the latter to be reported, not lost silently).
     */
    void prune(Path dir, Path closed, Set<String> closedSteps) {
        try {
            Set<String> covered = new HashSet<>();
            for (Path journal : journals(dir)) {
                Set<String> steps;
                if (journal.equals(closed)) {
                    steps = closedSteps;
                } else if (DiskJournal.inUse(journal)) {
                    continue; // another run is writing it: neither deleted nor counted
                } else {
                    try {
                        JournalContent content = JournalFormat.read(journal).content();
                        steps = content == null ? Set.of() : content.steps();
                    } catch (IOException corrupt) {
                        continue;
                    }
                    if (covered.containsAll(steps)) {
                        Files.deleteIfExists(journal);
                        continue;
                    }
                }
                covered.addAll(steps);
            }
            for (Path file : legacyFiles(dir)) {
                String name = file.getFileName().toString();
                if (covered.contains(name.substring(0, name.length() - LEGACY_SUFFIX.length()))) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            warnings.accept("could not prune old ctx journals in " + dir + ": " + e);
        }
    }

    static void syncDirectory(Path dir) {
        // Linux and macOS allow fsync on a directory (it makes a new name durable); Windows refuses to
        // open one, and there the name is as durable as it gets, so a failure here is not an error.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort, see above
        }
    }

    @Override
    public String toString() {
        return "DiskCheckpointStore[" + root + ", " + durability.key() + "]";
    }
}
