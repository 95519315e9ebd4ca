package dev.orchestrator.execution.internal;

import dev.orchestrator.event.ResourceUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A child process and everything it started: killing the whole tree, and measuring its CPU time and
 * memory by sampling {@code /proc} (Linux). CPU is the sum over every process seen of user+system time,
 * plus what the step's main process reaped from its own children; peak memory is the larger of the main
 * process's own high-water mark ({@code VmHWM}, which the kernel keeps between samples) and the largest sum
 * of resident set sizes seen at one sample. A launch wrapper ({@link Containment}) is the root then, and the
 * main process its child: the wrapper's own figures are not the step's and are left out. Zombies are skipped
 * (their memory is already gone: counting them would record "0 B"); a process shorter than the sampling
 * interval may be missed, and the child's own report (an {@code ORCH_METRICS} line) fills that gap.
 */
final class ProcessTree {

    static final Duration SAMPLE_EVERY = Duration.ofMillis(20);
    private static final Path PROC = Path.of("/proc");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final long PAGE_SIZE = 4096;

    /** Whether this kernel lists a thread's children in {@code /proc/<pid>/task/<tid>/children}. */
    private static final boolean HAS_CHILDREN_FILES = Files.exists(
            PROC.resolve(Long.toString(ProcessHandle.current().pid())).resolve("task")
                    .resolve(Long.toString(ProcessHandle.current().pid())).resolve("children"));

    private final Process root;
    private final int wrappers;
    private final Map<Long, Long> cpuTicksByPid = new ConcurrentHashMap<>();
    private volatile long peakRssBytes = -1;
    private volatile long mainPid = -1;

    /**
     * @param root    the process started
     * @param wrappers how many launch wrappers stand between {@code root} (the first) and the step's main
     *                 process, each the first child of the one before
     */
    ProcessTree(Process root, int wrappers) {
        this.root = root;
        this.wrappers = wrappers;
        this.mainPid = wrappers == 0 ? root.pid() : -1;
    }

    /** Kills the root and every descendant (children, grandchildren …), repeating until none is left. */
    void killAll() {
        for (int round = 0; round < 5; round++) {
            List<ProcessHandle> all = new ArrayList<>(root.descendants().collect(Collectors.toList()));
            if (root.isAlive()) {
                all.add(root.toHandle());
            }
            if (all.isEmpty()) {
                return;
            }
            // Stop the whole tree first so nobody forks or gets reparented while we kill.
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(p -> p.onExit().completeOnTimeout(p, 1, java.util.concurrent.TimeUnit.SECONDS).join());
        }
    }

    /** Takes one sample of CPU and memory of the live tree. */
    void sample() {
        if (!Files.isDirectory(PROC)) {
            return;
        }
        long rss = 0;
        if (mainPid < 0) {
            mainPid = findMain();
        }
        long main = mainPid;
        for (long pid : pids()) {
            if (main < 0 || wrapperPids.contains(pid)) {
                continue; // the wrappers' figures are not the step's; before the step has started, nothing is
            }
            long[] stat = stat(pid);
            if (stat == null) {
                continue;
            }
            long ticks = stat[0] + stat[1] + (pid == main ? stat[2] + stat[3] : 0);
            cpuTicksByPid.merge(pid, ticks, Math::max);
            rss += stat[4] * PAGE_SIZE;
        }
        if (main > 0) {
            curve.add(rss);
        }
        long peak = Math.max(rss, main > 0 ? highWaterMark(main) : -1);
        if (peak > 0 && peak > peakRssBytes) {
            peakRssBytes = peak;
        }
    }

    private final java.util.Set<Long> wrapperPids = ConcurrentHashMap.newKeySet();

    /** Follows the wrappers' first children down to the step's main process; -1 while it is not started yet. */
    private long findMain() {
        long pid = root.pid();
        List<Long> wrappersSeen = new ArrayList<>();
        for (int depth = 0; depth < wrappers; depth++) {
            wrappersSeen.add(pid);
            pid = firstChild(pid);
            if (pid < 0) {
                return -1;
            }
        }
        wrapperPids.addAll(wrappersSeen);
        return pid;
    }

    private static long firstChild(long pid) {
        if (!HAS_CHILDREN_FILES) {
            return ProcessHandle.of(pid).flatMap(p -> p.children().findFirst()).map(ProcessHandle::pid).orElse(-1L);
        }
        Path children = PROC.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(pid)).resolve("children");
        try {
            String[] listed = Files.readString(children).trim().split("\\s+");
            return listed[0].isEmpty() ? -1 : Long.parseLong(listed[0]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** {@code VmHWM} of a live process in bytes, or -1 (gone, a zombie, or no such line). */
    static long highWaterMark(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    /**
     * The root and its descendants. Walks {@code /proc/<pid>/task/<tid>/children} (a few small reads) rather
     * than {@link ProcessHandle#descendants()}, which scans every process of the machine (~0.6 ms here).
     */
    private List<Long> pids() {
        if (!HAS_CHILDREN_FILES) {
            List<Long> all = new ArrayList<>(List.of(root.pid()));
            root.descendants().forEach(p -> all.add(p.pid()));
            return all;
        }
        List<Long> pids = new ArrayList<>();
        pids.add(root.pid());
        for (int i = 0; i < pids.size(); i++) {
            Path tasks = PROC.resolve(Long.toString(pids.get(i))).resolve("task");
            try (var threads = Files.newDirectoryStream(tasks)) {
                for (Path task : threads) {
                    for (String child : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!child.isEmpty()) {
                            pids.add(Long.parseLong(child));
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                continue; // the process ended between two reads: nothing of it to count any more
            }
        }
        return pids;
    }

    /** The resident set sizes seen at the samples, oldest first (at most {@link Curve#POINTS}). */
    private final Curve curve = new Curve();

    /** The memory curve for the step log: empty when no sample saw the step's processes. */
    String curve() {
        return curve.describe();
    }

    /** Sums of resident set sizes at the samples; past {@link #POINTS} every other point is dropped. */
    private static final class Curve {
        static final int POINTS = 64;
        private final List<Long> points = new ArrayList<>();
        private int every = 1;
        private int seen;

        synchronized void add(long rss) {
            if (seen++ % every != 0) {
                return;
            }
            points.add(rss);
            if (points.size() == POINTS * 2) {
                for (int i = 1; i < points.size(); i++) {
                    points.remove(i);
                }
                every *= 2;
            }
        }

        synchronized String describe() {
            if (points.isEmpty()) {
                return "";
            }
            return "memory curve (RSS of the step's processes every " + SAMPLE_EVERY.toMillis() * every + " ms): "
                    + points.stream().map(ResourceUsage::bytes).collect(Collectors.joining(", "));
        }
    }

    /**
     * The CPU time a launch wrapper reported after the step ({@code times} of the namespace's PID 1, written to
     * {@link Containment#TIMES_VARIABLE}): the second line's user and system time of its children, which is the
     * step and every process it waited for. Zero when the file is missing or not understood.
     */
    static Duration reportedTimes(Path file) {
        try {
            String[] lines = Files.readString(file).trim().split("\n");
            if (lines.length < 2) {
                return Duration.ZERO;
            }
            java.util.regex.Matcher m = TIMES.matcher(lines[1]);
            long nanos = 0;
            for (int found = 0; found < 2 && m.find(); found++) {
                nanos += Long.parseLong(m.group(1)) * 60_000_000_000L
                        + (long) (Double.parseDouble(m.group(2)) * 1e9);
            }
            return Duration.ofNanos(nanos);
        } catch (IOException | RuntimeException missing) {
            return Duration.ZERO;
        }
    }

    private static final java.util.regex.Pattern TIMES = java.util.regex.Pattern.compile("(\\d+)m(\\d+(?:\\.\\d+)?)s");

    Duration cpu() {
        long ticks = cpuTicksByPid.values().stream().mapToLong(Long::longValue).sum();
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    long peakRssBytes() {
        return peakRssBytes;
    }

    /** utime, stime, cutime, cstime (ticks) and rss (pages) of a process, or null when it is gone or a zombie. */
    private static long[] stat(long pid) {
        try {
            String text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // the command name (field 2) may hold spaces and parentheses: split after its closing ')'
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            if (f[0].equals("Z")) {
                return null;
            }
            // after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14) … rss(21)
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14]), Long.parseLong(f[21])};
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }
}
