package dev.orchestrator.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run-wide, read-only-to-steps state (SPEC §5): the run id and every recipe's {@code test_meta}.
 * One instance per engine execution; filled by the runner before the first step of each recipe.
 * Thread-safe; nodes are copied in and out, so nothing handed out can change it.
 */
public final class GlobalState {

    private final String runId;
    private final Map<String, JsonNode> testMeta = new ConcurrentHashMap<>();

    /** @param runId the run id; not null */
    public GlobalState(String runId) {
        this.runId = Objects.requireNonNull(runId, "runId");
    }

    public String runId() {
        return runId;
    }

    /**
     * Records a recipe's test_meta (runner only), replacing an earlier one for the same test id.
     *
     * @throws NonJsonValueException if {@code testMeta} holds a non-JSON node
     */
    public void putTestMeta(String testId, JsonNode testMeta) {
        Objects.requireNonNull(testId, "testId");
        this.testMeta.put(testId, JsonValues.toJson("test_meta", testMeta));
    }

    /** An immutable view: test_id → test_meta (copies), sorted by test id. */
    public Map<String, JsonNode> testMeta() {
        Map<String, JsonNode> copy = new TreeMap<>();
        testMeta.forEach((id, meta) -> copy.put(id, meta.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }

    /** A copy of one recipe's test_meta, if recorded. */
    public Optional<JsonNode> testMeta(String testId) {
        JsonNode meta = testMeta.get(testId);
        return meta == null ? Optional.empty() : Optional.of(meta.deepCopy());
    }

    /** The state as JSON, {@code {"run_id": …, "test_meta": {test_id: test_meta, …}}}, for process steps. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("run_id", runId);
        ObjectNode metas = json.putObject("test_meta");
        testMeta().forEach(metas::set);
        return json;
    }
}
