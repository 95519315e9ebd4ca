package dev.orchestrator.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestrator.context.internal.ContextJson;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what a caller hands to {@link Context#set} into a private JSON tree, refusing anything that is
 * not JSON. The result shares no mutable node with the input, so later changes by the caller can't
 * reach the stored value (value nodes such as {@code TextNode} are immutable and are shared as-is).
 *
 * <p>Strings and object keys holding a NUL character or a lone UTF-16 surrogate are refused too: neither
 * survives the trip to a process step (an environment variable cannot hold NUL, and a lone surrogate has no
 * UTF-8 form), so storing one would break every later process step of the recipe. A refusal names the key
 * and the place in the value, never the value itself: it may be a secret.
 */
final class JsonValues {

    /**
     * Deepest nesting of arrays/objects accepted. Jackson refuses to write or read documents nested deeper
     * than 1000 levels; checkpoints wrap values in a few levels of their own, so we stay well below.
     */
    static final int MAX_DEPTH = 500;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String ALLOWED = "values must be JSON: String, Number, Boolean, null, "
            + "Map<String, ?>, Collection, array, or JsonNode, recursively";

    private final String key;
    // containers on the current path, to refuse cycles instead of overflowing the stack
    private final Set<Object> path = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private JsonValues(String key) {
        this.key = key;
    }

    /** A private JSON copy of {@code value}, stored under {@code key} (used in error messages). */
    static JsonNode toJson(String key, Object value) {
        return new JsonValues(key).convert(value, key, 0);
    }

    private JsonNode convert(Object value, String where, int depth) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return convertNode(node, where, depth);
        }
        if (value instanceof String s) {
            return TextNode.valueOf(checkText(s, where));
        }
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (value instanceof Number n) {
            return convertNumber(n, where);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            enter(value, where, depth);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    throw refuse("the map at " + where + " has a key of type " + typeOf(entry.getKey())
                            + "; JSON object keys must be strings");
                }
                checkName(name, where);
                object.set(name, convert(entry.getValue(), child(where, name), depth + 1));
            }
            path.remove(value);
            return object;
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode array = NODES.arrayNode(collection.size());
            enter(value, where, depth);
            int i = 0;
            for (Object item : collection) {
                array.add(convert(item, where + "[" + i++ + "]", depth + 1));
            }
            path.remove(value);
            return array;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            ArrayNode array = NODES.arrayNode(length);
            enter(value, where, depth);
            for (int i = 0; i < length; i++) {
                array.add(convert(Array.get(value, i), where + "[" + i + "]", depth + 1));
            }
            path.remove(value);
            return array;
        }
        throw refuse(describe(value, where) + "; " + ALLOWED);
    }

    private JsonNode convertNumber(Number n, String where) {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return NODES.numberNode(n.intValue());
        }
        if (n instanceof Long l) {
            return NODES.numberNode(l.longValue());
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw refuse(describe(n, where) + " (" + n + "); JSON numbers are finite");
            }
            // Float via its decimal text: 0.1f becomes 0.1, not 0.10000000149011612
            return NODES.numberNode(n instanceof Float ? Double.parseDouble(n.toString()) : d);
        }
        if (n instanceof BigDecimal bd) {
            return NODES.numberNode(bd);
        }
        if (n instanceof BigInteger bi) {
            return NODES.numberNode(bi);
        }
        // AtomicLong, LongAdder, user Number types: mutable or of unknown precision
        throw refuse(describe(n, where) + "; " + ALLOWED);
    }

    private JsonNode convertNode(JsonNode node, String where, int depth) {
        JsonNodeType type = node.getNodeType();
        switch (type) {
            case OBJECT -> {
                ObjectNode object = NODES.objectNode();
                enter(node, where, depth);
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    checkName(field.getKey(), where);
                    object.set(field.getKey(), convertNode(field.getValue(), child(where, field.getKey()), depth + 1));
                }
                path.remove(node);
                return object;
            }
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode(node.size());
                enter(node, where, depth);
                for (int i = 0; i < node.size(); i++) {
                    array.add(convertNode(node.get(i), where + "[" + i + "]", depth + 1));
                }
                path.remove(node);
                return array;
            }
            case NUMBER -> {
                if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                    throw refuse(describe(node, where) + " (" + node.doubleValue() + "); JSON numbers are finite");
                }
                return node; // numeric nodes are immutable
            }
            case STRING -> {
                checkText(node.textValue(), where);
                return node; // immutable
            }
            case BOOLEAN, NULL -> {
                return node; // immutable
            }
            default -> {
                // POJO (an arbitrary object inside a tree), BINARY (bytes), MISSING (no value at all)
                throw refuse(describe(node, where) + " (JSON node type " + type + "); " + ALLOWED);
            }
        }
    }

    /**
     * Refuses a ctx key that no process step could receive, like a string value.
     *
     * @throws NonJsonValueException naming the key's position only
     */
    static void checkKey(String key) {
        String problem = problem(key);
        if (problem != null) {
            throw new NonJsonValueException("ctx key refused: the key " + problem + "; nothing was stored");
        }
    }

    private String checkText(String text, String where) {
        String problem = problem(text);
        if (problem != null) {
            throw refuse((where.equals(key) ? "the value" : "the string at " + where) + " " + problem);
        }
        return text;
    }

    private void checkName(String name, String where) {
        String problem = problem(name);
        if (problem != null) {
            throw refuse("a key of the object at " + where + " " + problem);
        }
    }

    /** What makes {@code text} unfit for a process step, by position (never its content), or null. */
    private static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "holds a NUL character (U+0000) at index " + i
                        + ", which no environment variable or shell string can carry";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "holds a lone UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + ") at index " + i + ", which has no UTF-8 form (decode bytes as UTF-8 first)";
            }
            if (Character.isLowSurrogate(c)) {
                return "holds a lone UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + ") at index " + i + ", which has no UTF-8 form (decode bytes as UTF-8 first)";
            }
        }
        return null;
    }

    private void enter(Object container, String where, int depth) {
        if (depth >= MAX_DEPTH) {
            throw refuse("the value at " + where + " is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (!path.add(container)) {
            throw refuse("the " + typeOf(container) + " at " + where
                    + " contains itself; JSON can't hold cycles");
        }
    }

    private NonJsonValueException refuse(String detail) {
        return new NonJsonValueException("ctx key '" + printable(key) + "' refused: " + detail + "; nothing was stored");
    }

    /** {@code name} with control characters and lone surrogates escaped as in JSON, for messages. */
    static String printable(String name) {
        String json = ContextJson.compact(TextNode.valueOf(name));
        return json.substring(1, json.length() - 1);
    }

    private String describe(Object value, String where) {
        return where.equals(key)
                ? "the value is a " + typeOf(value) + ", which is not JSON"
                : "the value at " + where + " is a " + typeOf(value) + ", which is not JSON";
    }

    private static String child(String where, String name) {
        return PLAIN_NAME.matcher(name).matches()
                ? where + "." + name
                : where + "[\"" + printable(name) + "\"]";
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
