package dev.orchestrator.execution.internal;

import dev.orchestrator.scriptlet.StepLog;
import dev.orchestrator.secrets.Masker;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The log of one step run, {@code Logs/<timestamp>_<step>.log}. The engine's own lines are time-stamped; a
 * child's output is appended as the bytes it wrote. Thread-safe.
 *
 * <p>Nothing here touches the disk: lines and output go to the run's {@link StepLogWriter}, which creates the
 * file, writes it and masks it ({@link Masker}: engine lines as they are written, the whole log once more when
 * the step ends, for output that reached it unmasked). The file may not exist yet while the step runs; it is
 * complete once {@link StepLogs#awaitWritten} returns for its path, at the end of the run at the latest. The
 * log's last {@link #TAIL_BYTES} bytes are also kept here, for failure messages ({@link ProcessOutput#tail}).
 *
 * <p>The output of the step (what {@link #raw} is given) is capped at {@code maxBytes}: past the cap a notice
 * is written once and the rest is dropped (and counted), so a step printing without end cannot fill the
 * disk. The engine's own lines are never dropped: they are few and say what happened.
 */
final class StepLogFile implements StepLog, Closeable {

    /** The default cap of a step's output in its log: generous, a guard against runaway output only. */
    static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
    /** How much of the log's end is kept in memory. */
    static final int TAIL_BYTES = 64 * 1024;

    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LINE_STAMP =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Path path;
    private final StepLogWriter writer;
    private final StepLogWriter.Target target;
    private volatile Consumer<String> lines; // null: nobody listens
    private final long maxBytes;
    private final byte[] tail = new byte[TAIL_BYTES];
    private long length;
    private long rawBytes;
    private long droppedBytes;
    private boolean closed;

    private StepLogFile(Path path, StepLogWriter writer, long maxBytes) {
        this.path = path;
        this.writer = writer;
        this.target = writer.open(path);
        this.maxBytes = maxBytes;
    }

    /** A new log for {@code step} with the default cap and a writer of its own; never overwrites an existing one. */
    static StepLogFile create(Path logDir, String step) throws IOException {
        return create(new StepLogWriter(Masker.create()), logDir, step, DEFAULT_MAX_BYTES);
    }

    /**
     * A new log for {@code step}, written by {@code writer}; its name is one no file and no other log of this
     * JVM has (the file itself is created by the writer).
     *
     * @param maxBytes the most of the step's output kept; positive
     */
    static StepLogFile create(StepLogWriter writer, Path logDir, String step, long maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, found " + maxBytes);
        }
        writer.ensureFolder(logDir);
        String stem = FILE_STAMP.format(Instant.now()) + "_" + step;
        for (int n = 1; ; n++) {
            Path candidate = logDir.resolve(n == 1 ? stem + ".log" : stem + "-" + n + ".log");
            // two runs of the same step in the same millisecond: take the next suffix
            if (StepLogs.claim(candidate)) {
                if (!Files.exists(candidate)) {
                    return new StepLogFile(candidate, writer, maxBytes);
                }
                StepLogs.unclaim(candidate);
            }
        }
    }

    Path path() {
        return path;
    }

    /** Hands each line {@link #info} logs, masked and without its stamp, to {@code lines} too (null: to nobody). */
    StepLogFile tee(Consumer<String> lines) {
        this.lines = lines;
        return this;
    }

    @Override
    public void info(String message) {
        String line = "[" + LINE_STAMP.format(Instant.now()) + "] " + message + "\n";
        synchronized (this) {
            remember(line.getBytes(StandardCharsets.UTF_8));
            if (closed) {
                writer.appendAfterClose(path, line.substring(0, line.length() - 1));
            } else {
                writer.submit(() -> target.line(line));
            }
        }
        Consumer<String> tee = lines;
        if (tee != null) {
            tee.accept(writer.mask(message));
        }
    }

    /** Appends text as it is (for example a child process's output), without time stamps; within the cap. */
    void raw(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        raw(bytes, 0, bytes.length);
    }

    /** Appends bytes as they are, within the cap; what passes the cap is dropped and counted. */
    synchronized void raw(byte[] bytes, int offset, int length) {
        long room = Math.max(0, maxBytes - rawBytes);
        int kept = (int) Math.min(room, length);
        if (kept > 0) {
            write(Arrays.copyOfRange(bytes, offset, offset + kept));
            rawBytes += kept;
        }
        if (kept < length) {
            if (droppedBytes == 0) {
                write(("\n[log truncated: the step's output passed " + maxBytes + " bytes (orchestrator.log.max-bytes);"
                        + " the rest is dropped]\n").getBytes(StandardCharsets.UTF_8));
            }
            droppedBytes += length - kept;
        }
    }

    /** How many bytes of output were dropped because the log reached its cap. */
    synchronized long droppedBytes() {
        return droppedBytes;
    }

    /** How many bytes the log holds (as handed to the writer; its own lines before masking). */
    synchronized long length() {
        return length;
    }

    /** The log's last {@code max} bytes at most ({@link #TAIL_BYTES} at most), as handed to the writer. */
    synchronized byte[] end(int max) {
        int size = (int) Math.min(Math.min(max, TAIL_BYTES), length);
        byte[] out = new byte[size];
        int from = (int) ((length - size) % TAIL_BYTES);
        int first = Math.min(size, TAIL_BYTES - from);
        System.arraycopy(tail, from, out, 0, first);
        System.arraycopy(tail, 0, out, first, size - first);
        return out;
    }

    private void write(byte[] bytes) {
        remember(bytes);
        if (!closed) {
            writer.submit(() -> target.append(bytes));
        }
    }

    /** Keeps the end of the log in the ring {@link #tail}. */
    private void remember(byte[] bytes) {
        int skip = Math.max(0, bytes.length - TAIL_BYTES);
        for (int i = skip; i < bytes.length; ) {
            int at = (int) ((length + i) % TAIL_BYTES);
            int n = Math.min(bytes.length - i, TAIL_BYTES - at);
            System.arraycopy(bytes, i, tail, at, n);
            i += n;
        }
        length += bytes.length;
    }

    /** Hands the log's end to the writer; the file is complete once {@link StepLogs#awaitWritten} says so. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            writer.submit(target::close);
        }
    }
}
