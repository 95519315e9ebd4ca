package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A step's {@code params}: a JSON object with typed accessors. Accessors throw {@link InvalidParamsException}
 * (→ "invalid parameters", exit code 2) when a required parameter is missing or has the wrong type.
 * Immutable.
 */
@API(status = STABLE, since = "0.1")
public final class Params {

    private final ObjectNode json;

    private Params(ObjectNode json) {
        this.json = json.deepCopy();
    }

    /** Params holding a copy of {@code json}; {@code null} means no params. */
    public static Params of(ObjectNode json) {
        return new Params(json == null ? JsonNodeFactory.instance.objectNode() : json);
    }

    /** A copy of all params as JSON. */
    public ObjectNode asJson() {
        return json.deepCopy();
    }

    public boolean has(String name) {
        return json.has(name) && !json.get(name).isNull();
    }

    /** The raw JSON value, or empty when absent or null. */
    public Optional<JsonNode> node(String name) {
        return has(name) ? Optional.of(json.get(name).deepCopy()) : Optional.empty();
    }

    /** A required string parameter (numbers and booleans are accepted as their text). */
    public String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name, "a string"));
    }

    public Optional<String> optionalString(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = json.get(name);
        if (!value.isValueNode()) {
            throw wrongType(name, "a string", value);
        }
        return Optional.of(value.asText());
    }

    /** An integer parameter, or {@code defaultValue} when absent. */
    public long integer(String name, long defaultValue) {
        if (!has(name)) {
            return defaultValue;
        }
        JsonNode value = json.get(name);
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                throw wrongType(name, "an integer", value);
            }
        }
        throw wrongType(name, "an integer", value);
    }

    /** A boolean parameter, or {@code defaultValue} when absent ({@code "true"}/{@code "false"} text accepted). */
    public boolean bool(String name, boolean defaultValue) {
        if (!has(name)) {
            return defaultValue;
        }
        JsonNode value = json.get(name);
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw wrongType(name, "true or false", value);
    }

    /**
     * A list of strings: a JSON array of scalars, or one string split on commas (so that
     * {@code --keys a,b} on a command line works). Empty when absent.
     */
    public List<String> strings(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = json.get(name);
        if (value.isArray()) {
            List<String> out = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    throw wrongType(name, "a list of strings", value);
                }
                out.add(item.asText());
            }
            return List.copyOf(out);
        }
        if (value.isValueNode()) {
            return Arrays.stream(value.asText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        throw wrongType(name, "a list of strings", value);
    }

    private static InvalidParamsException missing(String name, String expected) {
        return new InvalidParamsException("parameter '" + name + "' is required (" + expected + ")");
    }

    private static InvalidParamsException wrongType(String name, String expected, JsonNode found) {
        return new InvalidParamsException(
                "parameter '" + name + "' must be " + expected + ", found " + found.getNodeType().name().toLowerCase()
                        + " " + found);
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
