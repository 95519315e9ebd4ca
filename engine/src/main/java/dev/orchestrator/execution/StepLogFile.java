package dev.orchestrator.execution;

import dev.orchestrator.scriptlet.StepLog;
import dev.orchestrator.secrets.Masker;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The log file of one step run, {@code Logs/<timestamp>_<step>.log}. The engine's own lines are time-stamped;
 * a child's output is appended as the bytes it wrote. Lines are masked ({@link Masker}) as they are written;
 * {@link #raw} output is masked with the whole file when the step ends. Thread-safe.
 *
 * <p>The output of the step (what {@link #raw} is given) is capped at {@code maxBytes}: past the cap a notice
 * is written once and the rest is dropped (and counted), so a step printing without end cannot fill the
 * disk. The engine's own lines are never dropped: they are few and say what happened.
 */
final class StepLogFile implements StepLog, Closeable {

    /** The default cap of a step's output in its log: generous, a guard against runaway output only. */
    static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;

    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LINE_STAMP =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Path path;
    private final OutputStream out;
    private final Masker masker;
    private volatile Consumer<String> lines; // null: nobody listens
    private final long maxBytes;
    private long rawBytes;
    private long droppedBytes;

    private StepLogFile(Path path, OutputStream out, Masker masker, long maxBytes) {
        this.path = path;
        this.out = out;
        this.masker = masker;
        this.maxBytes = maxBytes;
    }

    /** Creates a new log file for {@code step} with the default cap; never overwrites an existing one. */
    static StepLogFile create(Path logDir, String step) throws IOException {
        return create(logDir, step, Masker.create(), DEFAULT_MAX_BYTES);
    }

    /**
     * Creates a new log file for {@code step}; never overwrites an existing one.
     *
     * @param masker   masks every line the engine writes
     * @param maxBytes the most of the step's output kept; positive
     */
    static StepLogFile create(Path logDir, String step, Masker masker, long maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, found " + maxBytes);
        }
        Files.createDirectories(logDir);
        String stem = FILE_STAMP.format(Instant.now()) + "_" + step;
        for (int n = 1; ; n++) {
            Path candidate = logDir.resolve(n == 1 ? stem + ".log" : stem + "-" + n + ".log");
            try {
                // APPEND: a child process may write to the same file through ORCH_LOG_FILE
                OutputStream out = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.APPEND);
                return new StepLogFile(candidate, out, masker, maxBytes);
            } catch (FileAlreadyExistsException taken) {
                // two runs of the same step in the same millisecond: take the next suffix
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
    public synchronized void info(String message) {
        String masked = masker.mask(message);
        write(("[" + LINE_STAMP.format(Instant.now()) + "] " + masked + "\n").getBytes(StandardCharsets.UTF_8));
        if (lines != null) {
            lines.accept(masked);
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
            write(bytes, offset, kept);
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

    private void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    private void write(byte[] bytes, int offset, int length) {
        try {
            // not masked here: the whole file is masked when the step ends (masking each line too would cost twice)
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write step log " + path, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
