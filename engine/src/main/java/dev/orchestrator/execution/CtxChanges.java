package dev.orchestrator.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.orchestrator.context.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ctx changes a process wrote to {@code ORCH_CTX_OUT} (SPEC §6): one JSON object a line,
 * {@code {"op":"set","key":"k","value":<json>}} or {@code {"op":"delete","key":"k"}}. All lines are
 * checked before any is applied, so a malformed line applies nothing.
 */
final class CtxChanges {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                changes.add(parse(line, i + 1));
            }
        }
        return new CtxChanges(changes);
    }

    private static Change parse(String line, int number) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw malformed(number, line, "not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw malformed(number, line, "expected a JSON object");
        }
        JsonNode op = node.get("op");
        JsonNode key = node.get("key");
        if (key == null || !key.isTextual() || key.asText().isEmpty()) {
            throw malformed(number, line, "\"key\" must be a non-empty string");
        }
        if (op != null && op.asText().equals("set") && node.has("value") && node.size() == 3) {
            return new Change("set", key.asText(), node.get("value"));
        }
        if (op != null && op.asText().equals("delete") && node.size() == 2) {
            return new Change("delete", key.asText(), null);
        }
        throw malformed(number, line, "expected {\"op\":\"set\",\"key\":…,\"value\":…} or {\"op\":\"delete\",\"key\":…}");
    }

    private static StepFailedException malformed(int number, String line, String why) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "…" : line;
        return new StepFailedException("malformed ctx change on line " + number + " of ORCH_CTX_OUT: " + why
                + "; nothing of the step's ctx changes was applied. The line: " + shown);
    }

    List<Change> changes() {
        return changes;
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
