package dev.orchestrator.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Reads typed values out of {@link ConfigurationParameters}. A bad value never throws: it is recorded as a
 * problem naming the key, the value found and the values accepted, and the key's default is used instead, so
 * discovery can report every bad key at once (see {@link OrchestratorTestEngine#discover}).
 *
 * <p>To add a key: declare it in {@link Constants}, document it in {@code docs/configuration.md}, and read it
 * in {@link OrchestratorConfiguration#from} with one of the methods below.
 */
final class ConfigReader {

    private final ConfigurationParameters params;
    private final List<String> problems = new ArrayList<>();

    ConfigReader(ConfigurationParameters params) {
        this.params = params;
    }

    /** Every bad value met so far, one message each, in the order read. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The trimmed value, if set and not blank. */
    Optional<String> string(String key) {
        return params.get(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** A whole number of at least {@code min}, if set. */
    Optional<Integer> integer(String key, int min) {
        return parsed(key, "a whole number of at least " + min, value -> {
            int n = Integer.parseInt(value);
            return n >= min ? n : null;
        });
    }

    /** A whole number of at least {@code min} that may pass {@code int}'s range, if set. */
    Optional<Long> longInteger(String key, long min) {
        return parsed(key, "a whole number of at least " + min, value -> {
            long n = Long.parseLong(value);
            return n >= min ? n : null;
        });
    }

    /** {@code true} or {@code false} (any case); {@code fallback} when not set or bad. */
    boolean bool(String key, boolean fallback) {
        return parsed(key, "true or false", value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        }).orElse(fallback);
    }

    /** One of {@code accepted} (any case, returned in lower case); {@code fallback} when not set or bad. */
    String choice(String key, Set<String> accepted, String fallback) {
        return parsed(key, "one of " + String.join(", ", sorted(accepted)), value -> {
            String lower = value.toLowerCase(Locale.ROOT);
            return accepted.contains(lower) ? lower : null;
        }).orElse(fallback);
    }

    /** A comma-separated list, blanks dropped, order kept. */
    Set<String> list(String key) {
        Set<String> names = new LinkedHashSet<>();
        string(key).ifPresent(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(names::add));
        return names;
    }

    /**
     * A comma-separated subset of {@code accepted} (any case, returned in lower case); unknown names are a
     * problem and left out.
     */
    Set<String> subset(String key, Set<String> accepted) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : list(key)) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (accepted.contains(lower)) {
                chosen.add(lower);
            } else {
                problem(key, name, "a comma-separated list of " + String.join(", ", sorted(accepted)));
            }
        }
        return chosen;
    }

    /**
     * The value parsed by {@code parse}, which returns null (or throws {@link IllegalArgumentException}) for a
     * value outside {@code accepted}.
     */
    <T> Optional<T> parsed(String key, String accepted, Function<String, T> parse) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        T result;
        try {
            result = parse.apply(value.get());
        } catch (IllegalArgumentException e) {
            result = null;
        }
        if (result == null) {
            problem(key, value.get(), accepted);
        }
        return Optional.ofNullable(result);
    }

    /** Records a bad value; the message names the key, the value and what is accepted. */
    void problem(String key, String value, String accepted) {
        problems.add("invalid configuration parameter " + key + "='" + value + "': expected " + accepted);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
