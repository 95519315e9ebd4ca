package dev.orchestrator.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Where report writers say that something went wrong: {@code System.err} with the prefix {@value #PREFIX},
 * and the runner's log {@code Logs/orchestrator.log} when the workspace is known. Never throws: a report
 * problem must not become a run problem.
 */
final class ReportLog {

    static final String PREFIX = "[orchestrator-report]";

    private final Path logFile;

    /** @param logFile the runner's log, or null to log to {@code System.err} only */
    ReportLog(Path logFile) {
        this.logFile = logFile;
    }

    static ReportLog forWorkspace(Path workspace) {
        return new ReportLog(workspace.resolve("Logs").resolve("orchestrator.log"));
    }

    void warn(String message, Throwable cause) {
        String line = PREFIX + " WARNING: " + message + (cause == null ? "" : ": " + cause);
        System.err.println(line);
        if (logFile == null) {
            return;
        }
        StringBuilder entry = new StringBuilder().append(Instant.now()).append(' ').append(line).append('\n');
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            entry.append(trace);
        }
        append(entry.toString());
    }

    private synchronized void append(String text) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println(PREFIX + " WARNING: cannot append to " + logFile + ": " + e);
        }
    }
}
