package dev.orchestrator.recipe.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestrator.recipe.Position;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document safely into a {@link YamlNode} tree: SnakeYAML only composes nodes (no object is
 * ever constructed), explicit type tags other than the standard JSON-like ones are refused, and size, nesting
 * and alias expansion are bounded. Scalars are typed by the YAML 1.2 core schema, so {@code yes}, {@code on}
 * and dates stay strings. Every problem found is reported; stateless apart from its limits.
 */
final class YamlReader {

    /** The text is bounded in bytes before parsing ({@link RecipeText}); this is the parser's own backstop. */
    static final int MAX_CODE_POINTS = RecipeText.MAX_BYTES;
    static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    static final int MAX_NESTING_DEPTH = 50;
    /** Bounds the tree after alias expansion, which the alias count alone does not (aliases of aliases multiply). */
    static final int MAX_NODES = 100_000;

    private static final Set<Tag> ALLOWED_TAGS = Set.of(
            Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);

    /**
     * Reads the document from {@code reader}; {@code Optional.empty()} when it could not be composed at all.
     * A tree with unreadable values (a type tag, a recursive alias) is still returned so the rest of the recipe
     * is checked too; those values become nulls whose own problems are already reported.
     */
    Optional<YamlNode> read(Reader reader, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(false);
        // let every tag through the composer: no object is built from it, and the converter reports it with
        // a message of ours instead of SnakeYAML's "Global tag is not allowed"
        options.setTagInspector(tag -> true);
        Node root;
        TrackingParser parser = new TrackingParser(new ParserImpl(new StreamReader(reader), options));
        try {
            root = new Composer(parser, new CoreSchemaResolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            problems.add(position(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()), syntaxMessage(e));
            return Optional.empty();
        } catch (YAMLException e) {
            // limits (aliases, nesting, size) are reported without a mark: point at the last event read
            problems.add(parser.lastPosition(), limitMessage(e));
            return Optional.empty();
        }
        if (root == null) {
            problems.add(Position.START, "the recipe is empty; expected a mapping with 'test_meta' and 'steps'");
            return Optional.empty();
        }
        return Optional.of(new Converter(problems).convert(root));
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (e.getContext() != null && e.getContext().contains("expected a single document")) {
            return "a recipe is a single YAML document, but found another document (remove the '---' separator)";
        }
        if (problem.contains("exceeds the specified max")) {
            return "too many aliases: more than " + MAX_ALIASES_FOR_COLLECTIONS + " aliases of lists or mappings";
        }
        String context = e.getContext() == null ? "" : e.getContext() + ": ";
        return "invalid YAML: " + context + problem;
    }

    private static String limitMessage(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        if (e.getCause() instanceof CharacterCodingException) {
            return "the recipe is not valid UTF-8 text";
        }
        if (e.getCause() instanceof IOException io) {
            return "could not read the recipe: " + io.getMessage();
        }
        if (message.contains("exceeds the limit")) {
            return "the recipe is too large: more than " + MAX_CODE_POINTS + " characters";
        }
        if (message.contains("Nesting Depth")) {
            return "the recipe nests too deeply: more than " + MAX_NESTING_DEPTH + " levels";
        }
        if (message.contains("aliases")) {
            return "too many aliases: more than " + MAX_ALIASES_FOR_COLLECTIONS + " aliases of lists or mappings";
        }
        return "invalid YAML: " + message;
    }

    static Position position(Mark mark) {
        return mark == null ? Position.START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Turns SnakeYAML nodes into {@link YamlNode}s, checking tags, duplicate keys, recursion and size. */
    private static final class Converter {

        private final Problems problems;
        private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
        private int nodes;
        private boolean tooLargeReported;

        Converter(Problems problems) {
            this.problems = problems;
        }

        YamlNode convert(Node node) {
            Position at = position(node.getStartMark());
            if (++nodes > MAX_NODES) {
                if (!tooLargeReported) {
                    tooLargeReported = true;
                    problems.addUnreadable(at, "the recipe expands to more than " + MAX_NODES
                            + " values through aliases (is it an alias bomb?)");
                }
                return new YamlNode.Scalar(JsonNodeFactory.instance.nullNode(), at);
            }
            if (!ALLOWED_TAGS.contains(node.getTag())) {
                problems.addUnreadable(at, "type tags are not allowed: found '" + shorthand(node.getTag())
                        + "'; write plain YAML values (strings, numbers, booleans, lists, mappings)");
                return new YamlNode.Scalar(JsonNodeFactory.instance.nullNode(), at);
            }
            if (onPath.put(node, Boolean.TRUE) != null) {
                problems.addUnreadable(at, "an alias refers to a value that contains it (recursive alias)");
                return new YamlNode.Scalar(JsonNodeFactory.instance.nullNode(), at);
            }
            try {
                if (node instanceof ScalarNode scalar) {
                    Optional<String> bad = unpassable(scalar.getValue());
                    if (bad.isPresent()) {
                        problems.addUnreadable(at, "this value " + bad.get());
                        return new YamlNode.Scalar(JsonNodeFactory.instance.nullNode(), at);
                    }
                    return new YamlNode.Scalar(scalarValue(scalar), at);
                }
                if (node instanceof SequenceNode sequence) {
                    List<YamlNode> items = new ArrayList<>();
                    sequence.getValue().forEach(item -> items.add(convert(item)));
                    return new YamlNode.Sequence(items, at);
                }
                return mapping((MappingNode) node, at);
            } finally {
                onPath.remove(node);
            }
        }

        /**
         * Why {@code text} cannot be handed on, if it cannot: a NUL ends a string in a process's arguments and
         * environment, and a lone surrogate (a double-quoted escape of U+D800 to U+DFFF) is no character at
         * all, so neither would reach a step as written.
         */
        private static Optional<String> unpassable(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == 0) {
                    return Optional.of("contains a NUL character (\\0), which no process argument or variable can hold");
                }
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return Optional.of(String.format("contains a lone surrogate (\\u%04x), which is not a character;"
                            + " write the character itself", (int) c));
                }
            }
            return Optional.empty();
        }

        /** {@code !!python/object} rather than {@code tag:yaml.org,2002:python/object}: as it was written. */
        private static String shorthand(Tag tag) {
            String value = tag.getValue();
            return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
        }

        private YamlNode mapping(MappingNode node, Position start) {
            Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : node.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Position keyAt = position(keyNode.getStartMark());
                YamlNode value = convert(tuple.getValueNode());
                if (!(keyNode instanceof ScalarNode scalarKey) || !ALLOWED_TAGS.contains(keyNode.getTag())) {
                    problems.add(keyAt, "expected a plain key, found " + (keyNode instanceof ScalarNode
                            ? "a tagged key" : keyNode instanceof SequenceNode ? "a list" : "a mapping") + " as a key");
                    continue;
                }
                String key = scalarKey.getValue();
                Optional<String> bad = unpassable(key);
                if (bad.isPresent()) {
                    problems.add(keyAt, "this key " + bad.get());
                    continue;
                }
                YamlNode.Entry first = entries.get(key);
                if (first != null) {
                    problems.add(keyAt, "duplicate key '" + Values.clip(key) + "' (first at line " + first.keyPosition().line()
                            + ", column " + first.keyPosition().column() + ")");
                    continue;
                }
                entries.put(key, new YamlNode.Entry(key, keyAt, value));
            }
            Position at = node.getValue().isEmpty() ? start : position(node.getValue().get(0).getKeyNode().getStartMark());
            return new YamlNode.Mapping(List.copyOf(entries.values()), at);
        }

        private static JsonNode scalarValue(ScalarNode scalar) {
            JsonNodeFactory json = JsonNodeFactory.instance;
            String text = scalar.getValue();
            Tag tag = scalar.getTag();
            if (Tag.NULL.equals(tag)) {
                return json.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return json.booleanNode(text.equalsIgnoreCase("true"));
            }
            if (Tag.INT.equals(tag)) {
                BigInteger value = integer(text);
                if (value != null) {
                    return value.bitLength() < 32 ? json.numberNode(value.intValue())
                            : value.bitLength() < 64 ? json.numberNode(value.longValue()) : json.numberNode(value);
                }
            }
            if (Tag.FLOAT.equals(tag)) {
                Double value = floating(text);
                if (value != null) {
                    return json.numberNode(value);
                }
            }
            return json.textNode(text);
        }

        private static BigInteger integer(String text) {
            try {
                if (text.startsWith("0x")) {
                    return new BigInteger(text.substring(2), 16);
                }
                if (text.startsWith("0o")) {
                    return new BigInteger(text.substring(2), 8);
                }
                return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
            } catch (NumberFormatException e) {
                return null; // an explicit !!int on a non-number: keep the text, the binder reports the type
            }
        }

        private static Double floating(String text) {
            try {
                Double value = Double.valueOf(text);
                return value.isInfinite() ? null : value; // 1e999: not a JSON number either
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A parser that remembers where the last event it handed out starts. */
    private static final class TrackingParser implements Parser {

        private final Parser delegate;
        private Event last;

        TrackingParser(Parser delegate) {
            this.delegate = delegate;
        }

        Position lastPosition() {
            return last == null ? Position.START : position(last.getStartMark());
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            last = delegate.getEvent();
            return last;
        }
    }

    /**
     * Resolves plain scalars by the YAML 1.2 core schema (JSON-like) instead of SnakeYAML's YAML 1.1 default,
     * and never implicitly to timestamps or merge keys: so any tag outside {@link #ALLOWED_TAGS} was written explicitly.
     */
    private static final class CoreSchemaResolver extends Resolver {

        private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INT = Pattern.compile("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
        // no .inf / .nan: JSON has no such numbers, so they stay strings
        private static final Pattern FLOAT = Pattern.compile("^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$");
        private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL| *)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tfTF");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, Resolver.EMPTY, null);
        }
    }
}
