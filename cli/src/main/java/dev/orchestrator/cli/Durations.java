package dev.orchestrator.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them: {@code 0.41s}, {@code 12.0s}, {@code 3m05s}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
