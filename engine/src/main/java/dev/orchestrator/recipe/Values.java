package dev.orchestrator.recipe;

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
            problems.add(node.position(), "expected " + shape + " for '" + key + "', found '" + text.get() + "'");
            return Optional.empty();
        }
        return text;
    }

    static Optional<Integer> integer(YamlNode node, String key, int min, Problems problems) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isIntegralNumber()) {
            JsonNode value = scalar.value();
            if (!value.canConvertToInt() || value.intValue() < min) {
                problems.add(node.position(), "expected an integer of at least " + min + " for '" + key
                        + "', found " + value.asText());
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

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a plain integer of seconds. */
    static Optional<Duration> duration(YamlNode node, String key, Problems problems) {
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
                    // too large: reported below like any other bad duration
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

    static <T> Optional<T> wrong(YamlNode node, String expected, String key, Problems problems) {
        String where = key.contains(" ") ? key : "'" + key + "'";
        problems.add(node.position(), "expected " + expected + " for " + where + ", found " + node.describe());
        return Optional.empty();
    }
}
