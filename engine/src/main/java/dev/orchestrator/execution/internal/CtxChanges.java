package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.orchestrator.context.Context;
import dev.orchestrator.context.NonJsonValueException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ctx changes a process wrote to {@code ORCH_CTX_OUT}: one JSON object a line,
 * {@code {"op":"set","key":"k","value":<json>}} or {@code {"op":"delete","key":"k"}}. All lines are
 * checked before any is applied, so a malformed line applies nothing.
 *
 * <p>Checked strictly, because the lines come from code that builds JSON by hand (the shell library): a line
 * must be UTF-8, hold exactly one object, and no object in it may repeat a field (a value that smuggles a
 * second {@code "key"} into its line would otherwise overwrite another key); every value must be one that
 * {@link Context#set} accepts (no NUL, no lone surrogate). Messages name the line, the key and what is wrong,
 * never the value, which may be a secret.
 */
final class CtxChanges {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** One parsed change; {@code value} is null for a delete. */
    record Change(String op, String key, JsonNode value) {
    }

    private final List<Change> changes;

    private CtxChanges(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    /**
     * Parses the file.
     *
     * @throws StepFailedException naming the line number and what is wrong with it
     */
    static CtxChanges read(Path file) throws IOException {
        List<Change> changes = new ArrayList<>();
        if (!Files.exists(file)) {
            return new CtxChanges(changes);
        }
        byte[] bytes = Files.readAllBytes(file);
        int number = 0;
        for (int start = 0; start < bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            String line = decode(bytes, start, end - start, number).strip();
            if (!line.isEmpty()) {
                changes.add(parse(line, number));
            }
            start = end + 1;
        }
        return new CtxChanges(changes);
    }

    private static String decode(byte[] bytes, int start, int length, int number) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(number, "not UTF-8 text (write text as UTF-8, or escape it as JSON \\u sequences)");
        }
    }

    private static Change parse(String line, int number) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (StreamConstraintsException e) {
            throw malformed(number, "beyond the JSON parser's limits (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            // the location only: Jackson's own message quotes the offending text, which may be a secret
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "an object repeats a field (" + e.getOriginalMessage() + ")"
                    : "not JSON at column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr());
            throw malformed(number, why);
        }
        if (node == null || !node.isObject()) {
            throw malformed(number, "expected a JSON object");
        }
        JsonNode op = node.get("op");
        JsonNode key = node.get("key");
        if (key == null || !key.isTextual() || key.asText().isEmpty()) {
            throw malformed(number, "\"key\" must be a non-empty string");
        }
        Change change;
        if (op != null && op.asText().equals("set") && node.has("value") && node.size() == 3) {
            change = new Change("set", key.asText(), node.get("value"));
        } else if (op != null && op.asText().equals("delete") && node.size() == 2) {
            change = new Change("delete", key.asText(), null);
        } else {
            throw malformed(number, "expected {\"op\":\"set\",\"key\":…,\"value\":…} or {\"op\":\"delete\",\"key\":…}");
        }
        try {
            Context.checkStorable(change.key(), change.value());
        } catch (NonJsonValueException refused) {
            throw malformed(number, refused.getMessage());
        }
        return change;
    }

    private static StepFailedException malformed(int number, String why) {
        return new StepFailedException("malformed ctx change on line " + number + " of ORCH_CTX_OUT: " + why
                + "; nothing of the step's ctx changes was applied");
    }

    List<Change> changes() {
        return changes;
    }

    /** The key of every change, in file order (repeats kept). */
    List<String> keys() {
        return changes.stream().map(Change::key).toList();
    }

    /** Applies every change to {@code ctx} (which records them under the step's name). */
    void applyTo(Context ctx) {
        for (Change change : changes) {
            if (change.op().equals("set")) {
                ctx.set(change.key(), change.value());
            } else {
                ctx.remove(change.key());
            }
        }
    }
}
