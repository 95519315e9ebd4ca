package dev.orchestrator.execution.internal;

import dev.orchestrator.secrets.Masker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The output of a service's process for its whole life, into its step's log. Until the service is ready it goes
 * through the step's {@link StepLogFile} like any process step's; from ready until the step's log is closed (and
 * masked) it is held in memory; from then on it is appended to the same file line by line, each line masked as
 * it is written (the file is no longer masked as a whole while the service runs). While not ready, each line is
 * also matched against the {@code ready: {log: …}} pattern. Thread-safe.
 */
final class ServiceOutput {

    /** The most output held between ready and the log's hand-over; the rest is dropped and counted. */
    private static final int MAX_HELD = 1024 * 1024;
    /** The longest line matched against the ready pattern (a longer one is matched by its start). */
    private static final int MAX_MATCHED_LINE = 64 * 1024;
    private static final DateTimeFormatter LINE_STAMP =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private enum Mode { STEP_LOG, HELD, FILE, CLOSED }

    private final StepLogFile stepLog;
    private final Pattern readyLine;
    private final Masker masker;
    private final long maxBytes;
    private final List<Thread> pumps = new ArrayList<>();
    private volatile boolean sawReadyLine;
    private Mode mode = Mode.STEP_LOG;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private OutputStream file;
    private long written;
    private long dropped;

    /**
     * @param readyLine the pattern a line must match for the service to be ready, or null
     * @param maxBytes  the most output appended after the hand-over ({@code orchestrator.log.max-bytes})
     */
    ServiceOutput(StepLogFile stepLog, Pattern readyLine, Masker masker, long maxBytes) {
        this.stepLog = stepLog;
        this.readyLine = readyLine;
        this.masker = masker;
        this.maxBytes = maxBytes;
    }

    /** Copies {@code stream} on a daemon thread for as long as the process keeps it open. */
    void pump(InputStream stream, String name) {
        Thread thread = new Thread(() -> copy(stream), "orchestrator-service-" + name);
        thread.setDaemon(true);
        synchronized (this) {
            pumps.add(thread);
        }
        thread.start();
    }

    private void copy(InputStream stream) {
        Lines lines = new Lines();
        byte[] buffer = new byte[16 * 1024];
        try (stream) {
            for (int n; (n = stream.read(buffer)) > 0; ) {
                if (readyLine != null && !sawReadyLine) {
                    lines.match(buffer, n);
                }
                lines.write(buffer, n);
            }
        } catch (IOException closed) {
            // the process was killed: what was read is in the log
        }
        lines.finish();
    }

    /** Whether a line matching the ready pattern was seen. */
    boolean sawReadyLine() {
        return sawReadyLine;
    }

    /** The service is ready: its step's log is about to be closed, so output is held until {@link #handOver}. */
    synchronized void hold() {
        if (mode == Mode.STEP_LOG) {
            mode = Mode.HELD;
        }
    }

    /**
     * The step's log file is closed and masked: what was held, and what follows, is appended to it (masked line
     * by line). An engine line saying so marks where the service's later output starts.
     */
    synchronized void handOver(Path path) {
        if (mode != Mode.HELD) {
            return;
        }
        try {
            file = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            mode = Mode.FILE;
            line("the service's output since it became ready follows");
            byte[] bytes = held.toByteArray();
            held.reset();
            appendMasked(bytes, 0, bytes.length);
            if (dropped > 0) {
                line(dropped + " bytes of output were dropped while the step's log was being closed");
            }
        } catch (IOException e) {
            RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "cannot append a service's output to " + path + ": " + e);
            mode = Mode.CLOSED;
        }
    }

    /** One time-stamped engine line (masked). */
    synchronized void line(String text) {
        String stamped = "[" + LINE_STAMP.format(Instant.now()) + "] " + masker.mask(text) + "\n";
        switch (mode) {
            case STEP_LOG -> stepLog.info(text);
            case HELD, FILE -> write(stamped.getBytes(StandardCharsets.UTF_8), false);
            case CLOSED -> {
                // nowhere to write any more
            }
        }
    }

    /**
     * Waits (at most {@code waitMillis}) for the process's streams to end, then closes the log: output that
     * comes later is dropped.
     */
    void close(long waitMillis) throws InterruptedException {
        List<Thread> copy;
        synchronized (this) {
            copy = List.copyOf(pumps);
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        for (Thread pump : copy) {
            pump.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        synchronized (this) {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // the lines written are on disk or lost: nothing more to do
                }
            }
            mode = Mode.CLOSED;
        }
    }

    /** A complete line of a stream (or its end) as the process wrote it. */
    private synchronized void write(byte[] bytes, boolean output) {
        switch (mode) {
            case STEP_LOG -> stepLog.raw(bytes, 0, bytes.length);
            case HELD -> {
                if (held.size() + bytes.length <= MAX_HELD) {
                    held.write(bytes, 0, bytes.length);
                } else {
                    dropped += bytes.length;
                }
            }
            case FILE -> {
                if (output) {
                    appendMasked(bytes, 0, bytes.length);
                } else {
                    append(bytes);
                }
            }
            case CLOSED -> {
                // the service is stopped and its log closed
            }
        }
    }

    private void appendMasked(byte[] bytes, int offset, int length) {
        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
        append(masker.mask(text).getBytes(StandardCharsets.UTF_8));
    }

    private void append(byte[] bytes) {
        long room = Math.max(0, maxBytes - written);
        int kept = (int) Math.min(room, bytes.length);
        try {
            if (kept > 0) {
                file.write(bytes, 0, kept);
                file.flush();
                written += kept;
            }
            if (kept < bytes.length) {
                if (dropped == 0) {
                    file.write(("\n[log truncated: the service's output passed " + maxBytes
                            + " bytes (orchestrator.log.max-bytes); the rest is dropped]\n").getBytes(StandardCharsets.UTF_8));
                }
                dropped += bytes.length - kept;
            }
        } catch (IOException e) {
            mode = Mode.CLOSED;
            RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "cannot append a service's output to its log: " + e);
        }
    }

    /**
     * One stream cut into lines: written a whole line at a time (so that each is masked whole and lines of the
     * two streams do not mix), and matched against the ready pattern while it is looked for.
     */
    private final class Lines {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private final ByteArrayOutputStream matching = new ByteArrayOutputStream();

        void write(byte[] bytes, int length) {
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    current.write(bytes, start, i + 1 - start);
                    flush();
                    start = i + 1;
                }
            }
            current.write(bytes, start, length - start);
            if (current.size() >= MAX_HELD) {
                flush(); // a line without end is written in pieces rather than held without bound
            }
        }

        void match(byte[] bytes, int length) {
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    keep(bytes, start, i - start);
                    test();
                    start = i + 1;
                }
            }
            keep(bytes, start, length - start);
        }

        private void keep(byte[] bytes, int start, int length) {
            int room = MAX_MATCHED_LINE - matching.size();
            matching.write(bytes, start, Math.max(0, Math.min(room, length)));
        }

        private void test() {
            String line = matching.toString(StandardCharsets.UTF_8);
            matching.reset();
            if (readyLine.matcher(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).find()) {
                sawReadyLine = true;
            }
        }

        private void flush() {
            if (current.size() > 0) {
                ServiceOutput.this.write(current.toByteArray(), true);
                current.reset();
            }
        }

        void finish() {
            if (readyLine != null && !sawReadyLine && matching.size() > 0) {
                test();
            }
            flush();
        }
    }
}
