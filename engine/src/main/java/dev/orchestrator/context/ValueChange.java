package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.apiguardian.api.API;

/** One key's change between two snapshots; a side where the key is absent is a {@code MissingNode}. */
@API(status = EXPERIMENTAL)
public record ValueChange(@JsonProperty("old") JsonNode old, @JsonProperty("new") JsonNode value) {
}
