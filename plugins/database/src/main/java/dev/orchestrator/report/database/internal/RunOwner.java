package dev.orchestrator.report.database.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Which process owns a run, as recorded in {@code runs.owner}: {@code <host> <boot id> <pid> <start millis>}.
 * Two JVMs (even on two hosts sharing the database) can tell whether a run's owner is gone: a run of this
 * host and boot whose pid is no longer that process, or of this host and an earlier boot, cannot finish any
 * more. A run of another host is never judged (its processes cannot be seen from here). The host is the host
 * name and the JVM's PID namespace ({@code <name>@<namespace inode>}): containers sharing a host name (one on the
 * host's network takes it) see different processes, so they are other hosts here.
 */
record RunOwner(String host, String boot, long pid, long startMillis) {

    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path PID_NAMESPACE = Path.of("/proc/self/ns/pid");
    /**
     * How far apart two JVMs may see one process start: each adds the boot time in whole seconds it read once
     * ({@code btime}, which moves when the clock is stepped). A pid reused by another process starts much later.
     */
    private static final long START_SLACK_MILLIS = 2_000;

    /** This JVM, or empty where there is no {@code /proc} to tell a boot apart (then nothing is recorded). */
    static Optional<RunOwner> current() {
        return of(ProcessHandle.current()).map(o -> new RunOwner(o.host + pidNamespace(), o.boot, o.pid, o.startMillis));
    }

    /** {@code @<inode>} of this JVM's PID namespace, or empty where it cannot be read. */
    private static String pidNamespace() {
        try {
            String inode = Files.readSymbolicLink(PID_NAMESPACE).toString().replaceAll("[^0-9]", "");
            return inode.isEmpty() ? "" : "@" + inode;
        } catch (IOException | RuntimeException noNamespace) {
            return "";
        }
    }

    static Optional<RunOwner> of(ProcessHandle process) {
        try {
            String host = Files.readString(HOSTNAME).trim();
            String boot = Files.readString(BOOT_ID).trim();
            long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            return Optional.of(new RunOwner(host, boot, process.pid(), start));
        } catch (IOException | RuntimeException noProc) {
            return Optional.empty();
        }
    }

    static Optional<RunOwner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(" ");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunOwner(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String text() {
        return host + " " + boot + " " + pid + " " + startMillis;
    }

    /** Whether this owner is certainly gone, judged from {@code here} (the current JVM). */
    boolean goneSeenFrom(RunOwner here) {
        // an owner recorded without its PID namespace (an older engine) is judged on its host name alone
        boolean legacySameHost = !host.contains("@") && here.host.startsWith(host + "@");
        if (!host.equals(here.host) && !legacySameHost) {
            return false;
        }
        if (!boot.equals(here.boot)) {
            return true;
        }
        Optional<RunOwner> now = ProcessHandle.of(pid).flatMap(RunOwner::of);
        // a pid taken by another process started at another time is not the owner any more
        return now.isEmpty() || Math.abs(now.get().startMillis - startMillis) > START_SLACK_MILLIS;
    }
}
