package dev.orchestrator.execution;

import dev.orchestrator.scriptlet.StepLog;
import dev.orchestrator.secrets.Masker;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The log file of one step run, {@code Logs/<timestamp>_<step>.log}. Lines are time-stamped and masked
 * ({@link Masker}) as they are written; {@link #raw} text is masked with the whole file when the step ends.
 * Thread-safe.
 */
final class StepLogFile implements StepLog, Closeable {

    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LINE_STAMP =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Path path;
    private final BufferedWriter out;
    private final Masker masker;

    private StepLogFile(Path path, BufferedWriter out, Masker masker) {
        this.path = path;
        this.out = out;
        this.masker = masker;
    }

    /** Creates a new log file for {@code step}; never overwrites an existing one. */
    static StepLogFile create(Path logDir, String step) throws IOException {
        return create(logDir, step, Masker.create());
    }

    /** As {@link #create(Path, String)}, masking every line with {@code masker}. */
    static StepLogFile create(Path logDir, String step, Masker masker) throws IOException {
        Files.createDirectories(logDir);
        String stem = FILE_STAMP.format(Instant.now()) + "_" + step;
        for (int n = 1; ; n++) {
            Path candidate = logDir.resolve(n == 1 ? stem + ".log" : stem + "-" + n + ".log");
            try {
                BufferedWriter out = Files.newBufferedWriter(candidate, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
                return new StepLogFile(candidate, out, masker);
            } catch (FileAlreadyExistsException taken) {
                // (APPEND: a child process may write to the same file through ORCH_LOG_FILE)
                // two runs of the same step in the same millisecond: take the next suffix
            }
        }
    }

    Path path() {
        return path;
    }

    @Override
    public synchronized void info(String message) {
        try {
            out.write("[" + LINE_STAMP.format(Instant.now()) + "] " + masker.mask(message));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write step log " + path, e);
        }
    }

    /** Appends text as it is (for example a child process's output), without time stamps. */
    synchronized void raw(String text) {
        try {
            // not masked here: the whole file is masked when the step ends (a child's stderr reaches it
            // without passing through this class anyway), and masking each line twice would cost twice
            out.write(text);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write step log " + path, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
