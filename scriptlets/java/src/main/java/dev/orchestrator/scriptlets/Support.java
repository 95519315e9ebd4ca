package dev.orchestrator.scriptlets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Params;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * What the library scriptlets share: one JSON mapper, a safe YAML reader, paths into JSON values, ctx
 * references and {@code {{key}}} placeholders.
 *
 * <p><b>Paths</b> into a JSON value are JSON Pointers ({@code /items/0/name}, RFC 6901) or the dotted
 * shorthand {@code items[0].name}; {@code ""} is the whole value. A <b>ctx reference</b> is a ctx key
 * followed by such a path: {@code http_response/body/items/0} or {@code http_response.body.items[0]}.
 * <b>Placeholders</b> {@code {{ref}}} or {@code ${ref}} in a text are replaced by the referenced ctx value
 * (a string as its text, anything else as compact JSON); an unknown reference fails, naming it.
 */
final class Support {

    static final ObjectMapper JSON = new ObjectMapper();

    /** YAML without tags or anchors abuse: SnakeYAML's safe loader under Jackson, with small limits. */
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .loaderOptions(yamlLimits()).build());

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}|\\$\\{([^{}\\s]+)}");
    private static final Pattern DOTTED = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private Support() {
    }

    private static LoaderOptions yamlLimits() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(20 * 1024 * 1024);
        options.setNestingDepthLimit(100);
        return options;
    }

    /** Reads a JSON or YAML file; {@code format} {@code auto} decides by the extension (.yaml/.yml: YAML). */
    static JsonNode readFile(Path file, String format) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        boolean yaml = switch (format) {
            case "json" -> false;
            case "yaml" -> true;
            case "auto" -> name.endsWith(".yaml") || name.endsWith(".yml");
            default -> throw new InvalidParamsException("format must be auto, json or yaml, found '" + format + "'");
        };
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (yaml) {
            refuseTags(text, file);
        }
        JsonNode node = (yaml ? YAML : JSON).reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(text);
        return node == null ? JSON.nullNode() : node;
    }

    /** Jackson never builds objects from YAML tags, but a tag in a data file is a mistake or an attack: refused. */
    private static void refuseTags(String text, Path file) throws IOException {
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.getTypeId() != null) {
                    throw new IOException(file.getFileName() + ": YAML type tag '" + parser.getTypeId() + "' at line "
                            + parser.currentLocation().getLineNr() + " refused (plain YAML only)");
                }
            }
        }
    }

    /** The JSON Pointer a path stands for: itself when it starts with '/' (or is empty), else the dotted form. */
    static JsonPointer pointer(String path) {
        if (path.isEmpty() || path.startsWith("/")) {
            try {
                return JsonPointer.compile(path);
            } catch (IllegalArgumentException e) {
                throw new InvalidParamsException("bad JSON Pointer '" + path + "': " + e.getMessage());
            }
        }
        StringBuilder pointer = new StringBuilder();
        Matcher m = DOTTED.matcher(path);
        int end = 0;
        while (m.find()) {
            if (m.start() != end && !(m.start() == end + 1 && path.charAt(end) == '.')) {
                throw new InvalidParamsException("bad path '" + path + "': use a.b[0].c or a JSON Pointer /a/b/0/c");
            }
            String token = m.group(1) != null ? m.group(1) : m.group(2);
            pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
            end = m.end();
        }
        if (end != path.length()) {
            throw new InvalidParamsException("bad path '" + path + "': use a.b[0].c or a JSON Pointer /a/b/0/c");
        }
        return JsonPointer.compile(pointer.toString());
    }

    /** The value at {@code path} inside {@code node}, or null when there is none. */
    static JsonNode at(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        JsonNode found = node.at(pointer(path));
        return found.isMissingNode() ? null : found;
    }

    /** The ctx value a reference ({@code key}, {@code key/pointer}, {@code key.a[0]}) names, or null. */
    static JsonNode ref(Context ctx, String reference) {
        int cut = firstOf(reference, '/', '.', '[');
        String key = cut < 0 ? reference : reference.substring(0, cut);
        if (key.isEmpty()) {
            throw new InvalidParamsException("ctx reference '" + reference + "' names no key");
        }
        JsonNode value = ctx.get(key);
        if (cut < 0 || value == null) {
            return value;
        }
        String rest = reference.substring(cut);
        return at(value, rest.startsWith(".") ? rest.substring(1) : rest);
    }

    private static int firstOf(String text, char... chars) {
        int best = -1;
        for (char c : chars) {
            int i = text.indexOf(c);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    /** {@code text} with every {@code {{ref}}} / {@code ${ref}} replaced from ctx; fails naming every unknown one. */
    static String render(String text, Context ctx) {
        Set<String> missing = new LinkedHashSet<>();
        String rendered = render(text, ctx, missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no ctx value for placeholder(s) " + missing + " in '" + text + "'");
        }
        return rendered;
    }

    static String render(String text, Context ctx, Set<String> missing) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String reference = m.group(1) != null ? m.group(1) : m.group(2);
            JsonNode value = ref(ctx, reference);
            if (value == null) {
                missing.add(reference);
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(value.isTextual() ? value.asText() : value.toString()));
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A copy of {@code node} with placeholders in every string (not in object keys) rendered. */
    static JsonNode renderAll(JsonNode node, Context ctx) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(render(node.asText(), ctx));
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(renderAll(item, ctx)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), renderAll(field.getValue(), ctx));
            }
            return copy;
        }
        return node;
    }

    /** A number parameter (JSON number or its text), or {@code defaultValue}. */
    static double number(Params params, String name, double defaultValue) {
        String text = params.optionalString(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParamsException("parameter '" + name + "' must be a number, found '" + text + "'");
    }

    /** A duration parameter in seconds, at least 0, as milliseconds. */
    static long millis(Params params, String name, double defaultSeconds) {
        double seconds = number(params, name, defaultSeconds);
        if (seconds < 0) {
            throw new InvalidParamsException("parameter '" + name + "' must not be negative, found " + seconds);
        }
        return Math.round(seconds * 1000);
    }

    /** A non-empty list of strings parameter (a JSON array, or comma-separated text). */
    static List<String> requiredList(Params params, String name) {
        List<String> values = params.strings(name);
        if (values.isEmpty()) {
            throw new InvalidParamsException("parameter '" + name + "' is required (a non-empty list)");
        }
        return values;
    }

    /** The text of a JSON value for messages: strings as themselves, the rest as JSON, cut at 200 chars. */
    static String shown(JsonNode value) {
        String text = value == null ? "nothing" : value.isTextual() ? '"' + value.asText() + '"' : value.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** Every string of a list param, each rendered from ctx. */
    static List<String> renderList(List<String> values, Context ctx) {
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(render(v, ctx)));
        return out;
    }
}
