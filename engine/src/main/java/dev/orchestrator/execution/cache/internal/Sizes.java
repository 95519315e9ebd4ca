package dev.orchestrator.execution.cache.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/** Sizes as people write them: {@code 500MB}, {@code 2GB}, {@code 64k}, {@code 1048576} (bytes); units of 1024. */
@API(status = INTERNAL)
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    /** What {@link #parse} accepts, for messages. */
    public static final String ACCEPTED = "a size like 500MB, 2GB, 64KB or a number of bytes";

    private Sizes() {
    }

    /**
     * The bytes {@code text} means.
     *
     * @throws IllegalArgumentException when it is not a size, or more than a long holds
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected " + ACCEPTED + ", found '" + text + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            long amount = Long.parseLong(m.group(1));
            if (amount > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("size '" + text + "' is too large");
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large", e);
        }
    }

    /** {@code bytes} in the largest unit that keeps one decimal meaningful: {@code 1.5 MB}. */
    public static String describe(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
