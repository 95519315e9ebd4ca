package dev.orchestrator.execution.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Processes found by the {@link Containment#TAG_VARIABLE} they inherited, for machines without PID
 * namespaces: a tag is {@code <owner>/<sequence>} where the owner names this JVM by boot, pid and start time,
 * so that a later JVM can tell the leftovers of a dead one from the steps of a live one.
 */
final class TaggedProcesses {

    private static final Path PROC = Path.of("/proc");
    private static final int KILL_ROUNDS = 5;
    private static final long QUIET_PAUSE_MS = 20;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** This JVM: {@code <boot id>.<pid>.<start millis>}. */
    static final String OWNER = owner(ProcessHandle.current());

    private TaggedProcesses() {
    }

    /** A new tag for one step attempt. */
    static String newTag() {
        return OWNER + "/" + SEQUENCE.incrementAndGet();
    }

    /**
     * Kills every process carrying {@code tag} (and whatever they fork meanwhile), in rounds. A process in the middle
     * of an exec can briefly show no environment, so one empty scan is not trusted: the rounds end after two empty
     * scans {@value #QUIET_PAUSE_MS} ms apart.
     *
     * @return the processes still alive after the last round (normally none)
     */
    static List<Long> kill(String tag) {
        int quiet = 0;
        for (int round = 0; round < KILL_ROUNDS + 2 && quiet < 2; round++) {
            List<Long> found = find(tag, false);
            if (found.isEmpty()) {
                if (++quiet < 2) {
                    pause();
                }
                continue;
            }
            quiet = 0;
            for (long pid : found) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            for (long pid : found) {
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().completeOnTimeout(p, 200,
                        java.util.concurrent.TimeUnit.MILLISECONDS).join());
            }
        }
        return find(tag, false);
    }

    private static void pause() {
        try {
            Thread.sleep(QUIET_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the processes left by JVMs of this boot that are gone (killed by kill -9); returns how many. */
    static int killOrphans() {
        int killed = 0;
        for (long pid : allTagged()) {
            Optional<String> tag = tagOf(pid);
            if (tag.isPresent() && ownerGone(tag.get())) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                killed++;
            }
        }
        return killed;
    }

    /** Whether the JVM that made {@code tag} is no longer running (a different boot counts as gone). */
    static boolean ownerGone(String tag) {
        String owner = tag.contains("/") ? tag.substring(0, tag.indexOf('/')) : tag;
        String[] parts = owner.split("\\.");
        if (parts.length != 3 || !parts[0].equals(OWNER.split("\\.")[0])) {
            return parts.length == 3; // another boot: its JVM is gone; malformed: not ours to judge
        }
        try {
            long pid = Long.parseLong(parts[1]);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isEmpty() || !owner(process.get()).equals(owner);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code <boot id>.<pid>.<start millis>} of a process (start 0 when unknown). */
    static String owner(ProcessHandle process) {
        long start = process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return bootId() + "." + process.pid() + "." + start;
    }

    static String bootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim().replace("-", "").substring(0, 12);
        } catch (IOException | RuntimeException e) {
            return "noboot";
        }
    }

    private static List<Long> allTagged() {
        return find("", true);
    }

    /** Processes whose tag equals {@code tag} (or, with {@code prefix}, starts with it). */
    private static List<Long> find(String tag, boolean prefix) {
        byte[] needle = (Containment.TAG_VARIABLE + "=" + tag).getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid;
                try {
                    pid = Long.parseLong(entry.getFileName().toString());
                } catch (NumberFormatException notAProcess) {
                    continue;
                }
                if (pid != self && contains(environ(pid), needle, prefix)) {
                    pids.add(pid);
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return pids;
        }
        return pids;
    }

    private static Optional<String> tagOf(long pid) {
        byte[] env = environ(pid);
        String prefix = Containment.TAG_VARIABLE + "=";
        for (String variable : new String(env, StandardCharsets.UTF_8).split("\0")) {
            if (variable.startsWith(prefix)) {
                return Optional.of(variable.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private static byte[] environ(long pid) {
        try {
            return Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | RuntimeException unreadable) {
            return new byte[0]; // gone, or another user's process
        }
    }

    /** Whether the NUL-separated {@code env} holds a variable equal to (or starting with) {@code needle}. */
    private static boolean contains(byte[] env, byte[] needle, boolean prefix) {
        int start = 0;
        while (start < env.length) {
            int end = start;
            while (end < env.length && env[end] != 0) {
                end++;
            }
            int length = end - start;
            if (prefix ? length >= needle.length : length == needle.length) {
                boolean equal = true;
                for (int i = 0; i < needle.length && equal; i++) {
                    equal = env[start + i] == needle[i];
                }
                if (equal) {
                    return true;
                }
            }
            start = end + 1;
        }
        return false;
    }
}
