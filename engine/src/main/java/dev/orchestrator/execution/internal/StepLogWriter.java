package dev.orchestrator.execution.internal;

import dev.orchestrator.secrets.Masker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a run that writes its step logs (docs/architecture.md, "Step logs"). A step's thread only
 * hands it lines and output chunks; this thread creates the file, writes and masks it.
 *
 * <p>A log is held in memory while it is small and young: a step that ends within {@link #FLUSH_AFTER_NANOS}
 * with less than {@link #FLUSH_BYTES} of log costs one file creation and one write, masked in memory (no
 * read-back). A longer or louder step's log is written as it goes (at most {@link #FLUSH_AFTER_NANOS} behind)
 * and masked whole when it closes, as before.
 *
 * <p>Each log is complete on disk once {@link StepLogs#awaitWritten} returns for its path, and every log of a
 * run is complete once {@link #drain} returns (the engine drains at the end of the run, before its
 * {@code RunFinished} event). A shutdown hook writes what is queued or held when the JVM stops; after kill -9
 * what this thread had not written yet (at most the last {@link #FLUSH_AFTER_NANOS} of each running step's log,
 * and the logs of steps that ended in that time) is lost.
 *
 * <p>The thread is started on the first log and ends after {@link #IDLE_MILLIS} without work and without an
 * open log; the next log starts it again.
 */
final class StepLogWriter {

    /** A log's pending bytes are written once they are this old (so a long step's log can be tailed). */
    static final long FLUSH_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A log's pending bytes are written once there are this many. */
    static final int FLUSH_BYTES = 64 * 1024;
    private static final long IDLE_MILLIS = 2_000;
    private static final long POLL_MILLIS = 100;

    /** Every writer of the JVM with work in hand, for the shutdown hook. */
    private static final Set<StepLogWriter> ACTIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private final Masker masker;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    /** Logs opened and not yet closed; only touched by the writer thread. */
    private final List<Target> open = new ArrayList<>();
    private Thread thread;

    /** {@code text} masked as this writer masks what it writes. */
    String mask(String text) {
        return masker.mask(text);
    }

    StepLogWriter(Masker masker) {
        this.masker = masker;
    }

    /** The file of one log as the writer thread holds it. */
    final class Target {
        final Path path;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);
        private long pendingSince;
        private OutputStream out;

        Target(Path path) {
            this.path = path;
        }

        void line(String text) {
            append(masker.mask(text).getBytes(StandardCharsets.UTF_8));
        }

        void append(byte[] bytes) {
            if (pending.size() == 0) {
                pendingSince = System.nanoTime();
            }
            pending.writeBytes(bytes);
            if (pending.size() >= FLUSH_BYTES) {
                flush();
            }
        }

        /** Writes what is pending to the file, creating it on the first call. */
        void flush() {
            if (pending.size() == 0) {
                return;
            }
            try {
                if (out == null) {
                    out = open(path);
                }
                pending.writeTo(out);
            } catch (IOException e) {
                warn("cannot write the step log " + path + ": " + e);
            }
            pending.reset();
        }

        /** The last write: held content is masked in memory; content written earlier is masked in the file. */
        void close() {
            open.remove(this);
            try {
                if (out == null) {
                    writeMasked();
                    return;
                }
                flush();
                out.close();
                masker.maskFile(path);
            } catch (IOException | RuntimeException e) {
                warn("cannot write or mask the step log " + path + ": " + e);
            } finally {
                StepLogs.done(path);
            }
        }

        private void writeMasked() throws IOException {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            String text = new String(bytes, StandardCharsets.UTF_8); // malformed UTF-8 read as U+FFFD, as in a file
            String masked = masker.mask(text);
            // unchanged text keeps its bytes exactly (malformed UTF-8 included), as the file masking does
            byte[] content = masked.equals(text) ? bytes : masked.getBytes(StandardCharsets.UTF_8);
            try (OutputStream file = open(path)) {
                file.write(content);
            }
            if (alreadyThere) {
                masker.maskFile(path);
            }
        }

        private boolean alreadyThere;

        private OutputStream open(Path file) throws IOException {
            try {
                return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
            } catch (FileAlreadyExistsException taken) {
                // the child appended to ORCH_LOG_FILE before this thread created it (or another JVM took the
                // same name in the same millisecond): append after what is there, masked as a whole at the end
                alreadyThere = true;
                return Files.newOutputStream(file, StandardOpenOption.APPEND);
            }
        }
    }

    private final Set<Path> folders = ConcurrentHashMap.newKeySet();

    /** Creates {@code dir} once per writer (a child may write to its log's folder before the file exists). */
    void ensureFolder(Path dir) throws IOException {
        if (!folders.contains(dir)) {
            Files.createDirectories(dir);
            folders.add(dir);
        }
    }

    /** Registers a new log; its content goes to {@code path}, created by this writer when it first writes. */
    Target open(Path path) {
        Target target = new Target(path);
        submit(() -> open.add(target));
        return target;
    }

    /** Runs {@code op} on the writer thread, after everything submitted before it. */
    void submit(Runnable op) {
        synchronized (this) {
            queue.add(op);
            if (thread == null) {
                hookOnce();
                ACTIVE.add(this);
                thread = new Thread(this::loop, "orchestrator-step-logs");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** Appends a line to a closed log (a warning found after its step ended), after what was queued for it. */
    void appendAfterClose(Path log, String line) {
        StepLogs.begin(log);
        submit(() -> {
            try {
                Files.write(log, (masker.mask(line) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                warn(line + " (cannot append to " + log + ": " + e + ")");
            } finally {
                StepLogs.done(log);
            }
        });
    }

    /**
     * Waits until everything submitted so far is written: closed logs are complete and masked, open ones
     * (steps still running) hold nothing in memory.
     *
     * @return false when the wait timed out
     */
    boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        submit(() -> {
            List.copyOf(open).forEach(Target::flush);
            done.countDown();
        });
        return done.await(timeout, unit);
    }

    private void loop() {
        long idleSince = System.nanoTime();
        while (true) {
            Runnable op;
            try {
                op = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                op = null;
            }
            if (op != null) {
                runQuietly(op);
                for (Runnable next; (next = queue.poll()) != null; ) {
                    runQuietly(next);
                }
                idleSince = System.nanoTime();
            }
            long now = System.nanoTime();
            for (Target target : List.copyOf(open)) {
                if (target.pending.size() > 0 && now - target.pendingSince >= FLUSH_AFTER_NANOS) {
                    target.flush();
                }
            }
            if (open.isEmpty() && now - idleSince > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) && stop()) {
                return;
            }
        }
    }

    private synchronized boolean stop() {
        if (!queue.isEmpty()) {
            return false;
        }
        thread = null;
        ACTIVE.remove(this);
        return true;
    }

    private static void runQuietly(Runnable op) {
        try {
            op.run();
        } catch (RuntimeException e) {
            warn("step log writer: " + e);
        }
    }

    private static void warn(String message) {
        RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, message);
    }

    /** At JVM shutdown (SIGTERM, SIGINT, System.exit): what is queued or held is written before the JVM ends. */
    private static void hookOnce() {
        if (hooked) {
            return;
        }
        synchronized (StepLogWriter.class) {
            if (hooked) {
                return;
            }
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (StepLogWriter writer : List.copyOf(ACTIVE)) {
                    try {
                        writer.drain(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "orchestrator-step-logs-flush"));
        }
    }
}
