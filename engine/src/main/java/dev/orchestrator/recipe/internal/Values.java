package dev.orchestrator.recipe.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of {@link YamlNode}s. A value of the wrong kind is reported as
 * "expected X for 'key', found Y" at the value's position, and comes back empty. Stateless.
 */
final class Values {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /**
     * The longest {@code timeout} or {@code retry_delay}: a week is beyond any step, and far inside what the
     * runner can wait for (waits are counted in nanoseconds, which overflow after 292 years).
     */
    static final Duration MAX_DURATION = Duration.ofDays(7);

    private static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE);

    /** How much of a found value a message quotes. */
    private static final int QUOTE_LENGTH = 60;

    private Values() {
    }

    static Optional<String> string(YamlNode node, String key, Problems problems) {
        if (node instanceof YamlNode.Scalar scalar && scalar.isString()) {
            return Optional.of(scalar.value().asText());
        }
        return wrong(node, "a string", key, problems);
    }

    /** A string matching {@code pattern}; {@code shape} says in words what the pattern allows. */
    static Optional<String> string(YamlNode node, String key, Pattern pattern, String shape, Problems problems) {
        Optional<String> text = string(node, key, problems);
        if (text.isPresent() && !pattern.matcher(text.get()).matches()) {
            problems.add(node.position(), "expected " + shape + " for '" + key + "', found '" + clip(text.get()) + "'");
            return Optional.empty();
        }
        return text;
    }

    /**
     * A name that becomes part of file names ({@code Logs/}, {@code Data/}, temporary folders): it matches
     * {@code pattern} and has at most {@code maxLength} characters, so every file named after it fits the
     * 255-byte limit of common file systems.
     */
    static Optional<String> fileSafeName(YamlNode node, String key, Pattern pattern, String shape, int maxLength,
                                         Problems problems) {
        Optional<String> text = string(node, key, pattern, shape, problems);
        if (text.isPresent() && text.get().length() > maxLength) {
            problems.add(node.position(), "expected at most " + maxLength + " characters for '" + key
                    + "' (it is part of file names), found " + text.get().length() + " ('" + clip(text.get()) + "')");
            return Optional.empty();
        }
        return text;
    }

    static Optional<Integer> integer(YamlNode node, String key, int min, Problems problems) {
        return integer(node, key, min, Integer.MAX_VALUE, problems);
    }

    static Optional<Integer> integer(YamlNode node, String key, int min, int max, Problems problems) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isIntegralNumber()) {
            JsonNode value = scalar.value();
            if (!value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
                problems.add(node.position(), "expected an integer " + (max == Integer.MAX_VALUE ? "of at least " + min
                        : "from " + min + " to " + max) + " for '" + key + "', found " + clip(value.asText()));
                return Optional.empty();
            }
            return Optional.of(value.intValue());
        }
        return wrong(node, "an integer", key, problems);
    }

    static Optional<Boolean> bool(YamlNode node, String key, Problems problems) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isBoolean()) {
            return Optional.of(scalar.value().booleanValue());
        }
        return wrong(node, "true or false", key, problems);
    }

    /**
     * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a plain integer of seconds; from {@code min} to
     * {@link #MAX_DURATION}.
     */
    static Optional<Duration> duration(YamlNode node, String key, Duration min, Problems problems) {
        Optional<Duration> duration = duration(node, key, problems);
        if (duration.isPresent() && (duration.get().compareTo(min) < 0 || duration.get().compareTo(MAX_DURATION) > 0)) {
            problems.add(node.position(), "expected a duration from " + (min.isZero() ? "0" : min.toMillis() + "ms")
                    + " to " + MAX_DURATION.toDays() + " days (" + MAX_DURATION.toHours() + "h) for '" + key
                    + "', found " + node.describe());
            return Optional.empty();
        }
        return duration;
    }

    private static Optional<Duration> duration(YamlNode node, String key, Problems problems) {
        if (node instanceof YamlNode.Scalar scalar && (scalar.isString() || scalar.value().isIntegralNumber())) {
            Matcher m = DURATION.matcher(scalar.value().asText().trim());
            if (m.matches()) {
                try {
                    long amount = Long.parseLong(m.group(1));
                    String unit = m.group(2) == null ? "s" : m.group(2);
                    return Optional.of(switch (unit) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofSeconds(amount);
                    });
                } catch (NumberFormatException | ArithmeticException e) {
                    return Optional.of(TOO_LONG); // more than a long holds: reported as out of bounds by the caller
                }
            }
        }
        return wrong(node, "a duration like 500ms, 30s, 5m, 1h or a number of seconds", key, problems);
    }

    static Optional<YamlNode.Mapping> mapping(YamlNode node, String key, Problems problems) {
        return node instanceof YamlNode.Mapping mapping ? Optional.of(mapping) : wrong(node, "a mapping", key, problems);
    }

    static Optional<YamlNode.Sequence> sequence(YamlNode node, String key, Problems problems) {
        return node instanceof YamlNode.Sequence sequence ? Optional.of(sequence) : wrong(node, "a list", key, problems);
    }

    /** A list of strings; each wrong item is reported at its own position. */
    static Optional<List<String>> strings(YamlNode node, String key, Problems problems) {
        return stringItems(node, key, problems).map(items -> items.stream().map(s -> s.value().asText()).toList());
    }

    /**
     * A list of JUnit tags: no whitespace, control characters or the tag-expression operators
     * {@code , ( ) & | !}. JUnit drops a tag it cannot parse, so one that passed here would silently vanish.
     */
    static Optional<List<String>> tags(YamlNode node, String key, Problems problems) {
        return stringItems(node, key, problems).flatMap(items -> {
            boolean ok = true;
            for (YamlNode.Scalar item : items) {
                String tag = item.value().asText();
                if (!isTag(tag)) {
                    problems.add(item.position(), "expected a tag without spaces, control characters or , ( ) & | !"
                            + " in '" + key + "', found '" + clip(tag) + "'");
                    ok = false;
                }
            }
            return ok ? Optional.of(items.stream().map(s -> s.value().asText()).toList()) : Optional.empty();
        });
    }

    private static boolean isTag(String tag) {
        return !tag.isEmpty() && tag.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c) || ",()&|!".indexOf(c) >= 0);
    }

    /** A list of strings, each kept with its position (for later checks that point at one entry). */
    static Optional<List<YamlNode.Scalar>> stringItems(YamlNode node, String key, Problems problems) {
        Optional<YamlNode.Sequence> sequence = sequence(node, key, problems);
        if (sequence.isEmpty()) {
            return Optional.empty();
        }
        List<YamlNode.Scalar> items = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : sequence.get().items()) {
            if (item instanceof YamlNode.Scalar scalar && scalar.isString()) {
                items.add(scalar);
            } else {
                wrong(item, "a string", "an item of '" + key + "'", problems);
                ok = false;
            }
        }
        return ok ? Optional.of(items) : Optional.empty();
    }

    /** A scalar other than null (a string, number or boolean). */
    static boolean isPlainScalar(YamlNode node) {
        return node instanceof YamlNode.Scalar scalar && !scalar.value().isNull();
    }

    /** {@code text} cut to a length a message can quote. */
    static String clip(String text) {
        return text.length() <= QUOTE_LENGTH ? text : text.substring(0, QUOTE_LENGTH - 3) + "...";
    }

    static <T> Optional<T> wrong(YamlNode node, String expected, String key, Problems problems) {
        String where = key.contains(" ") ? key : "'" + key + "'";
        problems.add(node.position(), "expected " + expected + " for " + where + ", found " + node.describe());
        return Optional.empty();
    }
}
