package dev.orchestrator.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.recipe.internal.Durations;
import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What one step run cost.
 *
 * @param wall           elapsed time
 * @param cpu            CPU time of the step's thread (in process) or of its process tree (child processes)
 * @param allocatedBytes bytes allocated by the step's thread (in process); -1 when not measured
 * @param peakMemoryBytes in process: peak JVM heap use while the step ran; child processes: peak RSS of
 *                       the process tree; -1 when not measured
 */
@API(status = EXPERIMENTAL)
public record ResourceUsage(Duration wall, Duration cpu, long allocatedBytes, long peakMemoryBytes) {

    public static final ResourceUsage NONE = new ResourceUsage(Duration.ZERO, Duration.ZERO, -1, -1);

    /** One line for logs: {@code wall 12.3 ms, cpu 10.1 ms, allocated 1.2 MiB, peak memory 45.0 MiB}. */
    public String describe() {
        return "wall " + Durations.millis(wall) + ", cpu " + Durations.millis(cpu) + ", allocated " + bytes(allocatedBytes)
                + ", peak memory " + bytes(peakMemoryBytes);
    }

    /** {@code b} bytes as logs and reports show them (B, KiB, MiB …); {@code n/a} when negative (not measured). */
    public static String bytes(long b) {
        if (b < 0) {
            return "n/a";
        }
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024.0));
    }
}
