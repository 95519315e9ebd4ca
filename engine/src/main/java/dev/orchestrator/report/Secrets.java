package dev.orchestrator.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Pattern;

/**
 * Hides secret-looking values from human-facing reports (Allure parameters and ctx diffs, the Excel
 * workbook): the value of every key that names a password, secret, token, credential or an API/private/access
 * key, in any case and at any depth ({@code db_password}, {@code apiKey}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code auth.token}). Words that merely contain such letters ({@code keys}, {@code passenger},
 * {@code monkey}) are not secrets. The run database and ctx checkpoints keep the real values: they are the
 * record a resumed run restores from.
 */
final class Secrets {

    static final String MASK = "******";
    private static final Pattern SECRET = Pattern.compile(
            "passw(or)?d|pwd|secret|token|credential|api[_.-]?key|private[_.-]?key|access[_.-]?key|(^|[^a-z])pass($|[^a-z])",
            Pattern.CASE_INSENSITIVE);

    private Secrets() {
    }

    static boolean isSecret(String key) {
        return key != null && SECRET.matcher(key).find();
    }

    /** {@code value}, or {@link #MASK} when {@code key} is secret (then nothing of the value is shown). */
    static JsonNode mask(String key, JsonNode value) {
        return isSecret(key) && value != null && !value.isNull() && !value.isMissingNode()
                ? TextNode.valueOf(MASK) : mask(value);
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
