package dev.orchestrator.scriptlet.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Reads declared parameters ({@code docs/scriptlet-params.md}) from a Java class's {@link ScriptletDoc},
 * a Python module's docstring or a shell script's header, without running the scriptlet; and checks and
 * converts values against them. The Python ({@code scriptlets/python/core/params.py}) and shell
 * ({@code scriptlets/shell/lib/params.sh}) sides read the same block the same way. Stateless.
 */
@API(status = INTERNAL)
public final class ParamDeclarations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENTRY =
            Pattern.compile("([a-z][a-z0-9_]*)\\s*\\(([^()]*)\\)\\s*:\\s*(.*)");
    private static final Pattern INT = Pattern.compile("[-+]?\\d+");

    private ParamDeclarations() {
    }

    /** The parameters {@code type}'s {@link ScriptletDoc#params()} declares; empty when it declares none. */
    public static Optional<List<DeclaredParam>> ofClass(Class<?> type) {
        ScriptletDoc doc = type.getAnnotation(ScriptletDoc.class);
        if (doc == null || doc.params().length == 0) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(doc.params()).map(DeclaredParam::of).toList());
    }

    /** The parameters a Python module's source declares in its docstring; empty when it has no block. */
    public static Optional<List<DeclaredParam>> ofPython(String source) {
        return parseBlock(pythonDocstring(source));
    }

    /** The parameters a shell script's header declares; empty when it has no block. */
    public static Optional<List<DeclaredParam>> ofShell(String source) {
        return parseBlock(shellHeader(source));
    }

    /**
     * The {@code Parameters:} block of a documentation text: each entry one line
     * {@code name (type[, required][, default=V][, env=VAR]): help}, continuation lines indented deeper; the
     * block ends at a blank line or a line indented no deeper than {@code Parameters:}.
     *
     * @return empty when the text has no block
     * @throws IllegalArgumentException a malformed entry, named in the message
     */
    public static Optional<List<DeclaredParam>> parseBlock(String doc) {
        String[] lines = doc == null ? new String[0] : doc.split("\\R", -1);
        return DocBlock.entries(lines, "Parameters:").map(entries -> entries.stream().map(e -> {
            DeclaredParam p = entry(e.first());
            return e.more().isEmpty() ? p : new DeclaredParam(p.name(), p.type(), p.required(), p.defaultValue(),
                    p.env(), p.help() + " " + String.join(" ", e.more()));
        }).toList());
    }

    private static DeclaredParam entry(String text) {
        Matcher m = ENTRY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("Parameters: expected 'name (type[, required][, default=V][, env=VAR]):"
                    + " help', found '" + text + "'");
        }
        String name = m.group(1);
        String[] attrs = m.group(2).split(",");
        ParamType type = typeNamed(attrs[0].strip()).orElseThrow(() -> new IllegalArgumentException("Parameters: "
                + name + ": the type must come first, one of " + typeNames()));
        boolean required = false;
        String defaultValue = null;
        String env = null;
        for (int i = 1; i < attrs.length; i++) {
            String attr = attrs[i].strip();
            if (attr.equals("required")) {
                required = true;
            } else if (attr.startsWith("default=")) {
                defaultValue = attr.substring("default=".length()).strip();
            } else if (attr.startsWith("env=")) {
                env = attr.substring("env=".length()).strip();
            } else if (!attr.isEmpty()) {
                throw new IllegalArgumentException("Parameters: " + name + ": unknown attribute '" + attr
                        + "' (expected required, default=VALUE or env=VARIABLE)");
            }
        }
        return new DeclaredParam(name, type, required, defaultValue, env, m.group(3).strip());
    }

    private static Optional<ParamType> typeNamed(String name) {
        return Arrays.stream(ParamType.values()).filter(t -> t.name().toLowerCase(Locale.ROOT).equals(name)).findFirst();
    }

    private static String typeNames() {
        return String.join(", ", Arrays.stream(ParamType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** The module docstring a Python file starts with ({@code """…"""} or {@code '''…'''}), dedented; empty when none. */
    public static String pythonDocstring(String source) {
        String text = source.stripLeading();
        // a shebang or encoding line may come first
        while (text.startsWith("#")) {
            int newline = text.indexOf('\n');
            text = newline < 0 ? "" : text.substring(newline + 1).stripLeading();
        }
        for (String quote : List.of("\"\"\"", "'''")) {
            for (String prefix : List.of("", "r", "R")) {
                String open = prefix + quote;
                if (text.startsWith(open)) {
                    int end = text.indexOf(quote, open.length());
                    return end < 0 ? "" : text.substring(open.length(), end).strip();
                }
            }
        }
        return "";
    }

    /**
     * The {@code #} header block of a shell file: the comment lines after the shebang, up to the first line
     * that does not start with {@code #}, without the {@code # } prefix.
     */
    public static String shellHeader(String source) {
        List<String> lines = new ArrayList<>();
        boolean first = true;
        for (String line : source.split("\\R", -1)) {
            if (first && line.startsWith("#!")) {
                first = false;
                continue;
            }
            first = false;
            if (!line.startsWith("#")) {
                break;
            }
            String text = line.substring(1);
            lines.add(text.startsWith(" ") ? text.substring(1) : text);
        }
        return String.join("\n", lines).strip();
    }

    /**
     * Whether {@code value} (a recipe's JSON) has {@code type}: {@code string} any scalar, {@code path} a
     * string, {@code int} an integer, {@code number} a number, {@code bool} a boolean, {@code list} an array,
     * {@code map} an object, {@code json} anything.
     */
    public static boolean hasType(ParamType type, JsonNode value) {
        return switch (type) {
            case STRING -> value.isValueNode() && !value.isNull();
            case PATH -> value.isTextual();
            case INT -> value.isIntegralNumber();
            case NUMBER -> value.isNumber();
            case BOOL -> value.isBoolean();
            case LIST -> value.isArray();
            case MAP -> value.isObject();
            case JSON -> true;
        };
    }

    /** How messages name the kind of a JSON value: {@code a string}, {@code a list}. */
    public static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isIntegralNumber()) {
            return "an integer";
        }
        if (value.isNumber()) {
            return "a number";
        }
        return value.isArray() ? "a list" : value.isObject() ? "a mapping" : "nothing (null)";
    }

    /**
     * A command-line value as the JSON value of {@code param}'s type: {@code list} takes a JSON array or
     * comma-separated items, {@code map} a JSON object, {@code json} any JSON (else the text itself).
     *
     * @throws InvalidParamsException when the text is not of the type
     */
    public static JsonNode fromText(DeclaredParam param, String text) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        try {
            return switch (param.type()) {
                case STRING, PATH -> TextNode.valueOf(text);
                case INT -> {
                    if (!INT.matcher(text.strip()).matches()) {
                        throw new NumberFormatException();
                    }
                    yield nodes.numberNode(new java.math.BigInteger(text.strip()));
                }
                case NUMBER -> INT.matcher(text.strip()).matches()
                        ? nodes.numberNode(new java.math.BigInteger(text.strip()))
                        : nodes.numberNode(new BigDecimal(text.strip()));
                case BOOL -> {
                    String lower = text.strip().toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield BooleanNode.valueOf(lower.equals("true"));
                }
                case LIST -> {
                    if (text.stripLeading().startsWith("[")) {
                        JsonNode node = JSON.readTree(text);
                        if (!node.isArray()) {
                            throw new NumberFormatException();
                        }
                        yield node;
                    }
                    ArrayNode items = nodes.arrayNode();
                    Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(items::add);
                    yield items;
                }
                case MAP -> {
                    JsonNode node = JSON.readTree(text);
                    if (node == null || !node.isObject()) {
                        throw new NumberFormatException();
                    }
                    yield node;
                }
                case JSON -> {
                    try {
                        JsonNode node = JSON.readTree(text);
                        yield node == null ? TextNode.valueOf(text) : node;
                    } catch (JsonProcessingException plainText) {
                        yield TextNode.valueOf(text);
                    }
                }
            };
        } catch (NumberFormatException | JsonProcessingException e) {
            throw new InvalidParamsException("--" + param.name() + ": expected " + param.typeName() + ", found '"
                    + text + "'");
        }
    }
}
