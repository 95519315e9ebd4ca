package dev.orchestrator.recipe.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.recipe.Position;
import java.util.List;
import java.util.Optional;

/**
 * A YAML node with the position it starts at: what {@link YamlReader} produces and the binders read.
 * Scalars are already typed as JSON (string, integer, float, boolean, null).
 */
sealed interface YamlNode {

    Position position();

    /** The node as JSON, positions dropped. */
    JsonNode toJson();

    /** How messages name the node's kind, with its value for scalars: {@code a list}, {@code a string ('x')}. */
    String describe();

    /** A mapping; keys are unique and in file order. Its position is its first key's (or its start if empty). */
    record Mapping(List<Entry> entries, Position position) implements YamlNode {

        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        Optional<YamlNode> get(String key) {
            return entry(key).map(Entry::value);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            entries.forEach(e -> object.set(e.key(), e.value().toJson()));
            return object;
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One key of a mapping, with the key's own position. */
    record Entry(String key, Position keyPosition, YamlNode value) {
    }

    /** A sequence (YAML list). */
    record Sequence(List<YamlNode> items, Position position) implements YamlNode {

        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public ArrayNode toJson() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.forEach(i -> array.add(i.toJson()));
            return array;
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar, typed by its resolved tag. */
    record Scalar(JsonNode value, Position position) implements YamlNode {

        @Override
        public JsonNode toJson() {
            return value;
        }

        boolean isString() {
            return value.isTextual();
        }

        @Override
        public String describe() {
            if (value.isNull()) {
                return "nothing (null)";
            }
            String kind = value.isTextual() ? "a string"
                    : value.isIntegralNumber() ? "an integer"
                    : value.isNumber() ? "a number"
                    : "a boolean";
            String text = value.asText();
            if (text.length() > 40) {
                text = text.substring(0, 37) + "...";
            }
            return kind + " ('" + text + "')";
        }
    }
}
