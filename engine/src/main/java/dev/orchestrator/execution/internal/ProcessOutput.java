package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A child process's output as the step log holds it: stdout and stderr copied into the log as bytes (within
 * the log's cap), the last stdout line kept as the result; the log's end for failure messages, and the
 * child's own {@code ORCH_METRICS} report.
 *
 * <p>Memory stays flat whatever the child prints: output is copied in fixed chunks, only the last stdout line
 * is held (up to {@link #MAX_RESULT_BYTES}), and the log's end is the fixed number of bytes the log keeps in
 * memory ({@link StepLogFile#TAIL_BYTES}), never the whole log. Bytes that are not UTF-8 are shown as U+FFFD, so they never cost the failure's reason.
 */
final class ProcessOutput {

    static final int TAIL_LINES = 20;
    /** The most of the log's end a failure message quotes. */
    static final int TAIL_BYTES = 4 * 1024;
    /** The longest last stdout line read as a python/java result. */
    static final int MAX_RESULT_BYTES = 16 * 1024 * 1024;
    /** How far from the end of the log the child's {@code ORCH_METRICS} line is looked for. */
    private static final int METRICS_WINDOW = 64 * 1024;
    private static final String METRICS = "ORCH_METRICS ";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the pumps may take, together, to copy what a process left in its pipes once it has ended. */
    static final Duration DRAIN_WITHIN = Duration.ofSeconds(2);

    private final StepLogFile log;
    private volatile String lastStdoutLine;
    private volatile boolean lastLineTooLong;
    private volatile Duration reportedCpu = Duration.ZERO;
    private volatile long reportedPeakRss = -1;

    ProcessOutput(StepLogFile log) {
        this.log = log;
    }

    /** Copies {@code stream} into the log on a daemon thread; {@code result}: keep its last line. */
    Thread pump(InputStream stream, String name, boolean result) {
        Thread thread = new Thread(() -> copy(stream, result), "orchestrator-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void copy(InputStream stream, boolean result) {
        LastLine last = result ? new LastLine() : null;
        byte[] buffer = new byte[64 * 1024];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) > 0) {
                log.raw(buffer, 0, n);
                if (last != null) {
                    last.feed(buffer, n);
                }
            }
        } catch (IOException closed) {
            // the process was killed: what was read is in the log
        }
        if (last != null) {
            last.finish();
        }
    }

    /** The last line of a stream, held only while it is at most {@link #MAX_RESULT_BYTES}. */
    private final class LastLine {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private boolean overlong;

        void feed(byte[] bytes, int length) {
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    append(bytes, start, i - start);
                    complete();
                    start = i + 1;
                }
            }
            append(bytes, start, length - start);
        }

        private void append(byte[] bytes, int start, int length) {
            if (overlong || length == 0) {
                return;
            }
            if (current.size() + length > MAX_RESULT_BYTES) {
                overlong = true;
                current.reset();
                return;
            }
            current.write(bytes, start, length);
        }

        private void complete() {
            lastLineTooLong = overlong;
            lastStdoutLine = overlong ? null : current.toString(StandardCharsets.UTF_8);
            current.reset();
            overlong = false;
        }

        void finish() {
            if (current.size() > 0 || overlong) {
                complete();
            }
        }
    }

    /**
     * Waits at most {@link #DRAIN_WITHIN} in all for the two pumps of an ended process, then reads its
     * {@code ORCH_METRICS} report. A pump still running afterwards (a background child holds the pipe) is left.
     */
    void drain(Thread outPump, Thread errPump) throws InterruptedException {
        long drained = System.nanoTime() + DRAIN_WITHIN.toNanos();
        outPump.join(DRAIN_WITHIN.toMillis());
        errPump.join(Math.max(1, (drained - System.nanoTime()) / 1_000_000));
        readMetrics();
    }

    /** Reads the last {@code ORCH_METRICS} line near the end of the log, if the child wrote one. */
    private void readMetrics() {
        String last = null;
        for (String line : endOfLog(METRICS_WINDOW).split("\n")) {
            if (line.startsWith(METRICS)) {
                last = line;
            }
        }
        if (last == null) {
            return;
        }
        try {
            JsonNode metrics = JSON.readTree(last.substring(METRICS.length()));
            if (metrics.path("cpu_s").isNumber()) {
                reportedCpu = Duration.ofNanos((long) (metrics.get("cpu_s").asDouble() * 1e9));
            }
            if (metrics.path("peak_rss_kb").isNumber()) {
                reportedPeakRss = metrics.get("peak_rss_kb").asLong() * 1024;
            }
        } catch (IOException | RuntimeException ignored) {
            // a malformed metrics line only loses the child's own report; sampling still counts
        }
    }

    String lastStdoutLine() {
        return lastStdoutLine;
    }

    /** True when the last stdout line was longer than {@link #MAX_RESULT_BYTES} (and so not kept). */
    boolean lastLineTooLong() {
        return lastLineTooLong;
    }

    Duration reportedCpu() {
        return reportedCpu;
    }

    long reportedPeakRss() {
        return reportedPeakRss;
    }

    /**
     * The log's last lines (at most {@link #TAIL_LINES}, from its last {@link #TAIL_BYTES} bytes), formatted
     * for a failure message after {@link Failures#TAIL_MARKER}.
     */
    String tail() {
        String end = endOfLog(TAIL_BYTES);
        if (end == null) {
            return Failures.TAIL_MARKER + log.path() + " (unreadable) ---";
        }
        Deque<String> lines = new ArrayDeque<>();
        for (String line : end.split("\n", -1)) {
            if (!line.startsWith(METRICS)) {
                lines.addLast(line);
            }
        }
        while (!lines.isEmpty() && lines.peekLast().isBlank()) {
            lines.removeLast();
        }
        while (lines.size() > TAIL_LINES) {
            lines.removeFirst();
        }
        return Failures.TAIL_MARKER + log.path() + " ---\n" + String.join("\n", lines);
    }

    /**
     * At most the last {@code bytes} bytes of the log as text (malformed UTF-8 replaced), starting at a line
     * start when the window holds one. Read from the end the log keeps in memory: the file may not be written
     * yet (a thread of the run writes it).
     */
    private String endOfLog(int bytes) {
        long length = log.length();
        byte[] window = log.end(bytes);
        int size = window.length;
        int start = 0;
        if (size < length) {
            // skip the partial first line, unless the window is one long line
            int newline = indexOf(window, (byte) '\n');
            start = newline >= 0 && newline < size - 1 ? newline + 1 : 0;
        }
        String text = new String(window, start, size - start, StandardCharsets.UTF_8);
        return start == 0 && size < length ? "…" + text : text;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
