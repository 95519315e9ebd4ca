package dev.orchestrator.context;

import dev.orchestrator.context.internal.Durability;
import dev.orchestrator.context.internal.FileNames;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recipe run's journal file {@code Data/ctx/<test_id>/<stamp>_<run_id>.journal}, created at the first
 * checkpoint. Writes go through a {@link FileOutputStream} rather than a {@code FileChannel}: a step's thread
 * may carry an interrupt (a timeout, a cancelled run), which would close an interruptible channel for every
 * later checkpoint of the run.
 *
 * <p>While open, the file is locked (an advisory lock, released by the OS when the JVM dies) and listed in
 * {@link #OPEN}, so pruning never deletes a journal that a run, in this JVM or another, is still writing.
 */
final class DiskJournal extends JournalWriter {

    private static final int NONE_BUFFER = 64 * 1024;

    /** Journals open in this JVM; a lock alone would not do, see {@link #inUse}. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final String recipeHash;
    private final Durability durability;
    private final DiskCheckpointStore owner;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Path file;
    private FileOutputStream out;
    private FileLock lock;
    private final Set<String> steps = new java.util.HashSet<>(); // checkpointed in the current file

    DiskJournal(DiskCheckpointStore owner, Path dir, ContextStore store, String recipeHash, Durability durability) {
        super(store);
        this.owner = owner;
        this.dir = dir;
        this.recipeHash = recipeHash;
        this.durability = durability;
    }

    @Override
    void append(Batch batch, boolean fresh) throws IOException {
        try {
            if (fresh || out == null) {
                release(); // after a failed append the old file keeps its (tolerated) torn tail; start a new one
                create();
            }
            for (ChangeRecord r : batch.changes()) {
                JournalFormat.change(buffer, r);
            }
            if (batch.snapshot() != null) {
                JournalFormat.snapshot(buffer, batch.snapshot().position(), batch.snapshot().values());
            }
            JournalFormat.marker(buffer, batch.marker());
            steps.add(batch.marker().step());
            if (durability != Durability.NONE || buffer.size() >= NONE_BUFFER) {
                flush();
            }
            if (durability == Durability.POWER_LOSS) {
                GroupCommit.sync(out.getFD());
            }
        } catch (IOException | RuntimeException e) {
            buffer.reset();
            release();
            throw e;
        }
    }

    private void create() throws IOException {
        Files.createDirectories(dir);
        String runId = store().runId() == null ? "run" : store().runId();
        String safeRunId = FileNames.safe(runId);
        safeRunId = safeRunId.substring(0, Math.min(safeRunId.length(), 80));
        long stamp = Math.max(System.currentTimeMillis(), owner.newestStamp(dir) + 1);
        for (int attempt = 0; ; attempt++, stamp++) {
            Path candidate = dir.resolve(String.format("%015d_%s%s", stamp, safeRunId, JournalFormat.SUFFIX));
            try {
                Files.newByteChannel(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                file = candidate;
                break;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 1000) {
                    throw e;
                }
            }
        }
        OPEN.add(file);
        steps.clear();
        out = new FileOutputStream(file.toFile(), true);
        try {
            lock = out.getChannel().tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null; // a file system without locks: this JVM's OPEN set still protects it from itself
        }
        JournalFormat.header(buffer, new JournalContent.Header(store().recipe(), store().runId(), recipeHash,
                Instant.now()));
        if (durability == Durability.POWER_LOSS) {
            DiskCheckpointStore.syncDirectory(dir); // the new file's name must survive as well as its content
        }
    }

    private void flush() throws IOException {
        if (buffer.size() > 0) {
            buffer.writeTo(out);
            buffer.reset();
        }
    }

    @Override
    void finish() throws IOException {
        Path closed = file;
        Set<String> closedSteps = Set.copyOf(steps);
        try {
            if (out != null) {
                flush();
                if (durability == Durability.POWER_LOSS) {
                    GroupCommit.sync(out.getFD());
                }
            }
        } finally {
            release();
        }
        if (closed != null) {
            owner.prune(dir, closed, closedSteps);
        }
    }

    private void release() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing the stream below releases it too
        }
        lock = null;
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // every byte was already handed over by flush(); nothing is lost by a failing close
        }
        out = null;
        if (file != null) {
            OPEN.remove(file);
        }
        file = null;
    }

    /**
     * Whether {@code journal} may still be written: open in this JVM, or locked by another process. Checked
     * without opening files this JVM holds, because closing any descriptor of a file drops every lock the
     * process holds on it (POSIX record locks).
     */
    static boolean inUse(Path journal) {
        if (OPEN.contains(journal)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true; // cannot tell: keep it
        }
    }
}
