package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * Step logs still being written. A step's log file ({@code Logs/<timestamp>_<step>.log}) is written by the
 * run's log writer thread, not by the step: a report that reads a log (the Allure attachment, the database row
 * the monitor follows) first waits here until it is complete. Every log is complete at the end of its run at
 * the latest.
 */
@API(status = INTERNAL)
public final class StepLogs {

    /** How long a reader waits at most for a log to be written (a writer that hangs must not hang reports). */
    static final long MAX_WAIT_SECONDS = 60;

    /** Logs with writes in hand: how many (the open log counts as one until it is closed and written). */
    private static final Map<Path, int[]> PENDING = new ConcurrentHashMap<>();

    private StepLogs() {
    }

    /**
     * Waits until everything the engine has handed over for {@code log} is in the file: its content, masked.
     * Returns at once for a log that is complete, null, or not the engine's.
     *
     * @return false when it waited {@link #MAX_WAIT_SECONDS} in vain, or was interrupted
     */
    public static boolean awaitWritten(Path log) {
        if (log == null) {
            return true;
        }
        int[] count = PENDING.get(log);
        if (count == null) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
        synchronized (count) {
            while (count[0] > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(count, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code log} is a path this JVM has handed out and not yet written completely. */
    static boolean taken(Path log) {
        return PENDING.containsKey(log);
    }

    /** Claims {@code log} for a new step log; false when it is already claimed by another one. */
    static boolean claim(Path log) {
        return PENDING.putIfAbsent(log, new int[] {1}) == null;
    }

    /** Gives up a claim that was not used (the name was taken on disk). */
    static void unclaim(Path log) {
        done(log);
    }

    /** One more write in hand for {@code log}. */
    static void begin(Path log) {
        PENDING.compute(log, (path, count) -> {
            int[] c = count == null ? new int[1] : count;
            synchronized (c) {
                c[0]++;
            }
            return c;
        });
    }

    /** One write in hand for {@code log} is done. */
    static void done(Path log) {
        PENDING.computeIfPresent(log, (path, count) -> {
            synchronized (count) {
                if (--count[0] > 0) {
                    return count;
                }
                count.notifyAll();
                return null;
            }
        });
    }
}
