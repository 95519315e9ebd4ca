package dev.orchestrator.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The run-wide, read-only-to-steps state (SPEC §5): the run id and every recipe's {@code test_meta}.
 * One instance per engine execution; filled by the runner before the first step of each recipe.
 */
public final class GlobalState {

    public GlobalState(String runId) {
        throw new UnsupportedOperationException("TODO");
    }

    public String runId() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Records a recipe's test_meta (runner only). */
    public void putTestMeta(String testId, JsonNode testMeta) {
        throw new UnsupportedOperationException("TODO");
    }

    /** An immutable view: test_id → test_meta. */
    public Map<String, JsonNode> testMeta() {
        throw new UnsupportedOperationException("TODO");
    }
}
