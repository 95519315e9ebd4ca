package dev.orchestrator.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Pattern;

/** Hides secret-looking parameter values from reports: keys matching {@code pass|secret|token|key}, any case. */
final class Secrets {

    static final String MASK = "******";
    private static final Pattern SECRET = Pattern.compile("pass|secret|token|key", Pattern.CASE_INSENSITIVE);

    private Secrets() {
    }

    static boolean isSecret(String key) {
        return key != null && SECRET.matcher(key).find();
    }

    /** A copy of {@code value} with the value of every secret key (at any depth) replaced by {@link #MASK}. */
    static JsonNode mask(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isObject()) {
            ObjectNode copy = ((ObjectNode) value).objectNode();
            value.properties().forEach(e -> copy.set(e.getKey(),
                    isSecret(e.getKey()) ? TextNode.valueOf(MASK) : mask(e.getValue())));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = ((ArrayNode) value).arrayNode();
            value.forEach(item -> copy.add(mask(item)));
            return copy;
        }
        return value;
    }
}
