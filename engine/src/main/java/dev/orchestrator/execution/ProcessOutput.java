package dev.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * A child process's output as the step log holds it: stdout copied into the log line by line (its last
 * line kept as the result), stderr appended by the OS; the log's last lines for failure messages, and the
 * child's own {@code ORCH_METRICS} report.
 */
final class ProcessOutput {

    static final int TAIL_LINES = 20;
    private static final String METRICS = "ORCH_METRICS ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StepLogFile log;
    private volatile String lastStdoutLine;
    private volatile Duration reportedCpu = Duration.ZERO;
    private volatile long reportedPeakRss = -1;

    ProcessOutput(StepLogFile log) {
        this.log = log;
    }

    Thread pump(InputStream stdout, String name) {
        Thread thread = new Thread(() -> copy(stdout), "orchestrator-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void copy(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.raw(line + "\n");
                lastStdoutLine = line;
            }
        } catch (IOException closed) {
            // the process was killed: what was read is in the log
        }
    }

    /** Reads the last {@code ORCH_METRICS} line of the log, if the child wrote one. */
    void readMetrics() {
        String last = null;
        try (Stream<String> lines = Files.lines(log.path(), StandardCharsets.UTF_8)) {
            last = lines.filter(l -> l.startsWith(METRICS)).reduce((a, b) -> b).orElse(null);
        } catch (IOException | java.io.UncheckedIOException unreadable) {
            return;
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

    Duration reportedCpu() {
        return reportedCpu;
    }

    long reportedPeakRss() {
        return reportedPeakRss;
    }

    /** The log's last lines, formatted for a failure message. */
    String tail() {
        Deque<String> tail = new ArrayDeque<>();
        try {
            List<String> lines = Files.readAllLines(log.path(), StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith(METRICS)) {
                    continue;
                }
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        } catch (IOException e) {
            return "\n(log unreadable: " + e.getMessage() + ")";
        }
        return "\n--- last " + tail.size() + " line(s) of " + log.path() + " ---\n" + String.join("\n", tail);
    }
}
