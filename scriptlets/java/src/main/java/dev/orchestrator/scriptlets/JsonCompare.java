package dev.orchestrator.scriptlets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.secrets.Masker;
import java.util.List;
import java.util.Map;

/**
 * Compares two JSON values and lists every difference with its path. Numbers are equal when they differ by
 * at most {@code tolerance} (so {@code 1} equals {@code 1.0}); objects must have the same fields unless
 * {@code subset} allows the actual one more; arrays match element by element, in order. Values under
 * secret-looking keys are not shown.
 */
final class JsonCompare {

    private static final Masker SECRETS = Masker.create(System.getenv());

    private final double tolerance;
    private final boolean subset;

    JsonCompare(double tolerance, boolean subset) {
        this.tolerance = tolerance;
        this.subset = subset;
    }

    /** Adds one line per difference between {@code expected} and {@code actual} to {@code differences}. */
    void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (actual == null || actual.isMissingNode()) {
            differences.add(path + ": expected " + shown(path, expected) + ", found nothing");
            return;
        }
        if (expected.isNumber() && actual.isNumber()) {
            if (Math.abs(expected.asDouble() - actual.asDouble()) > tolerance) {
                differences.add(differs(path, expected, actual));
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                compare(path + "/" + field.getKey(), field.getValue(), actual.get(field.getKey()), differences);
            }
            if (!subset) {
                actual.fieldNames().forEachRemaining(name -> {
                    if (!expected.has(name)) {
                        differences.add(path + "/" + name + ": not expected, found " + shown(path + "/" + name, actual.get(name)));
                    }
                });
            }
            return;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                differences.add(path + ": expected " + expected.size() + " element(s), found " + actual.size());
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "/" + i, expected.get(i), actual.get(i), differences);
            }
            return;
        }
        if (!expected.equals(actual)) {
            differences.add(differs(path, expected, actual));
        }
    }

    private static String differs(String path, JsonNode expected, JsonNode actual) {
        if (secret(path)) {
            return path + " differs from the expected value (values of secret keys are not shown)";
        }
        return path + ": expected " + Support.shown(SECRETS.mask(expected)) + ", found " + Support.shown(SECRETS.mask(actual));
    }

    private static String shown(String path, JsonNode value) {
        return secret(path) ? Masker.MASK : Support.shown(SECRETS.mask(value));
    }

    private static boolean secret(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return SECRETS.isSecretKey(last);
    }
}
