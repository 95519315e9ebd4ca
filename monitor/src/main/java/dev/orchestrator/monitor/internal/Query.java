package dev.orchestrator.monitor.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The decoded query parameters of a request (the first value of each name). */
record Query(Map<String, String> values) {

    static Query of(URI uri) {
        Map<String, String> values = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                values.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return new Query(Map.copyOf(values));
    }

    String get(String name) {
        return values.get(name);
    }

    /** A required parameter. */
    String need(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new Api.BadRequest("missing parameter '" + name + "'");
        }
        return value;
    }

    int number(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            throw new Api.BadRequest("parameter '" + name + "' must be a number");
        }
    }

    long longNumber(String name, long fallback) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new Api.BadRequest("parameter '" + name + "' must be a number");
        }
    }
}
