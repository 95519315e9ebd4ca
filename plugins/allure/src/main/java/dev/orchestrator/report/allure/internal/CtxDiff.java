package dev.orchestrator.report.allure.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.secrets.Masker;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a step did to ctx, as the JSON attached to its Allure result:
 * {@code {"key": {"old": …, "new": …, "op": "set"|"delete", "changes": n}}} — for a key changed several
 * times, {@code old} is the value before the first change and {@code new} after the last. Secret-looking
 * values are masked ({@link Masker}), by key and by value.
 */
final class CtxDiff {

    private CtxDiff() {
    }

    static ObjectNode of(List<ChangeRecord> changes, Masker masker) {
        ObjectNode diff = JsonNodeFactory.instance.objectNode();
        for (ChangeRecord change : changes) {
            ObjectNode entry = (ObjectNode) diff.get(change.key());
            if (entry == null) {
                entry = diff.putObject(change.key());
                entry.set("old", masker.mask(change.key(), change.old()));
                entry.put("changes", 0);
            }
            entry.set("new", masker.mask(change.key(), change.value()));
            entry.put("op", change.op() == ChangeRecord.Op.SET ? "set" : "delete");
            entry.put("changes", entry.get("changes").asInt() + 1);
        }
        return diff;
    }

    static String json(List<ChangeRecord> changes, Masker masker) {
        try {
            return ContextJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(of(changes, masker));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
