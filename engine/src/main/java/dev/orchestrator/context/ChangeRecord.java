package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import org.apiguardian.api.API;

/**
 * One change of one ctx key (docs/ctx-and-bridge.md). Serialised with the field names
 * {@code key, op, old, new, who, what, when, recipe, run_id}.
 *
 * @param key    the top-level ctx key
 * @param op     set or delete
 * @param old    the value before (JSON null node when the key was absent); never Java null
 * @param value  the value after (JSON null node for a delete); never Java null
 * @param who    the step name, or {@code "runner"}
 * @param what   the scriptlet id (class, module:function or script), or {@code "runner"}
 * @param when   when the change was made (UTC)
 * @param recipe the recipe's test_id
 * @param runId  the run id
 */
@API(status = STABLE, since = "0.1")
public record ChangeRecord(
        @JsonProperty("key") String key,
        @JsonProperty("op") Op op,
        @JsonProperty("old") JsonNode old,
        @JsonProperty("new") JsonNode value,
        @JsonProperty("who") String who,
        @JsonProperty("what") String what,
        @JsonProperty("when") Instant when,
        @JsonProperty("recipe") String recipe,
        @JsonProperty("run_id") String runId) {

    /** Normalises a Java null {@code old}/{@code new} (absent in JSON) to a JSON null node. */
    public ChangeRecord {
        old = old == null ? NullNode.getInstance() : old;
        value = value == null ? NullNode.getInstance() : value;
    }

    /** The kind of change. Serialised lower-case. */
    public enum Op {
        @JsonProperty("set") SET,
        @JsonProperty("delete") DELETE
    }
}
