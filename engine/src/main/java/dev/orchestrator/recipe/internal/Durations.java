package dev.orchestrator.recipe.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * The one duration formatter, in three spellings: {@link #recipe} as recipes write durations (what the
 * recipe reader accepts back), {@link #elapsed} for how long something took (CLI tables, step graphs), and
 * {@link #millis} for measurements in logs. Never null; a negative duration is written as it is.
 */
@API(status = INTERNAL)
public final class Durations {

    private Durations() {
    }

    /** As a recipe writes it, in the largest whole unit: {@code 2h}, {@code 5m}, {@code 30s}, {@code 250ms}. */
    public static String recipe(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** How long something took, as people read it: {@code 0.41s}, {@code 12.00s}, {@code 3m05s}. */
    public static String elapsed(Duration d) {
        long millis = d.toMillis();
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
        }
        long seconds = d.toSeconds();
        return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }

    /** A measurement in milliseconds with one decimal: {@code 12.3 ms}. */
    public static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
