package dev.orchestrator.report.allure.internal;

import dev.orchestrator.context.internal.FileNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code orchestrator.allure.clean} without deleting another run's results: every run writing to a results
 * folder holds a marker, {@code .orchestrator-runs/<id>}, locked for as long as it runs and holding its start
 * time. Cleaning deletes only results older than the start of every run still in progress (in this JVM or
 * another process), so a run that started earlier keeps its attachments. A marker whose lock nobody holds is
 * left over from a run that died (kill -9) and is removed.
 *
 * <p>Cleaning happens once per run id: the shards of one run (several processes sharing
 * {@code orchestrator.run-id}) write into one folder, and a shard that starts after another finished must not
 * delete that shard's results. The first to clean leaves {@code .orchestrator-runs/.cleaned-<run id>}; the others
 * of the same run id see it and keep everything.
 *
 * <p>Open with {@link #start}, close at the end of the run.
 */
final class AllureClean implements AutoCloseable {

    static final String MARKERS = ".orchestrator-runs";
    /** Names starting with a dot are never taken for run markers. */
    static final String CLEANED = ".cleaned-";

    private final Path marker;
    private final FileChannel channel;
    private final FileLock lock;
    private final long started;

    private AllureClean(Path marker, FileChannel channel, FileLock lock, long started) {
        this.marker = marker;
        this.channel = channel;
        this.lock = lock;
        this.started = started;
    }

    /** Marks a run as writing to {@code resultsDir} from now on. */
    static AllureClean start(Path resultsDir) throws IOException {
        Path markers = Files.createDirectories(resultsDir.resolve(MARKERS));
        long started = System.currentTimeMillis();
        String id = UUID.randomUUID().toString();
        // made under a hidden name and moved into place once locked and written, so no cleaner ever sees
        // it unlocked and takes it for the marker of a dead run
        Path draft = markers.resolve("." + id);
        Path marker = markers.resolve(id);
        FileChannel channel = FileChannel.open(draft, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            FileLock lock = channel.lock();
            channel.write(ByteBuffer.wrap(Long.toString(started).getBytes(StandardCharsets.US_ASCII)));
            Files.move(draft, marker, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new AllureClean(marker, channel, lock, started);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(draft);
            Files.deleteIfExists(marker);
            throw e;
        }
    }

    /**
     * Deletes results, containers and attachments last modified before this run and every other run in
     * progress started; never {@code history/} or anything else. Nothing when another process of the same
     * {@code runId} (another shard of the run) cleaned already.
     *
     * @return how many files were deleted
     */
    int deleteEarlierResults(String runId) throws IOException {
        Path record = marker.resolveSibling(CLEANED + FileNames.safe(runId));
        try {
            Files.createFile(record);
        } catch (java.nio.file.FileAlreadyExistsException sameRunCleanedFirst) {
            return 0;
        }
        long cutoff = Math.min(started, oldestOtherRunInProgress());
        // a file's time comes from the kernel's coarse clock, a few milliseconds behind currentTimeMillis: the
        // record just made can look older than this run's start, and must not go with the older ones
        deleteOlderCleanedRecords(cutoff, record);
        int deleted = 0;
        try (Stream<Path> files = Files.list(marker.getParent().getParent())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if ((name.endsWith("-result.json") || name.endsWith("-container.json") || name.contains("-attachment"))
                        && Files.isRegularFile(file) && Files.getLastModifiedTime(file).toMillis() < cutoff) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** The records of runs that cleaned before {@code cutoff}, never {@code own}: their results are gone with this cleaning. */
    private void deleteOlderCleanedRecords(long cutoff, Path own) throws IOException {
        try (Stream<Path> records = Files.list(marker.getParent())) {
            for (Path record : (Iterable<Path>) records::iterator) {
                if (!record.equals(own) && record.getFileName().toString().startsWith(CLEANED)
                        && Files.getLastModifiedTime(record).toMillis() < cutoff) {
                    Files.deleteIfExists(record);
                }
            }
        }
    }

    /** The earliest start among the other runs still holding their marker; {@link Long#MAX_VALUE} if none. */
    private long oldestOtherRunInProgress() throws IOException {
        long oldest = Long.MAX_VALUE;
        try (Stream<Path> markers = Files.list(marker.getParent())) {
            for (Path other : (Iterable<Path>) markers::iterator) {
                if (!other.equals(marker) && !other.getFileName().toString().startsWith(".")) {
                    oldest = Math.min(oldest, startIfRunning(other));
                }
            }
        }
        return oldest;
    }

    /** The start of the run holding {@code other}; {@link Long#MAX_VALUE} (and the marker removed) if none does. */
    private static long startIfRunning(Path other) {
        try (FileChannel channel = FileChannel.open(other, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock free;
            try {
                free = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                return readStart(channel);
            }
            if (free == null) {
                return readStart(channel); // held by another process
            }
            free.release();
            Files.deleteIfExists(other); // its run died without closing it
            return Long.MAX_VALUE;
        } catch (IOException gone) {
            return Long.MAX_VALUE; // finished meanwhile
        }
    }

    private static long readStart(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException unreadable) {
            return 0; // cannot tell when it started: keep everything
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            Files.deleteIfExists(marker);
        }
    }
}
