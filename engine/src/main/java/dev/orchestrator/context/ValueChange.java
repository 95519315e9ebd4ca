package dev.orchestrator.context;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** One key's change between two snapshots; a side where the key is absent is a {@code MissingNode}. */
public record ValueChange(@JsonProperty("old") JsonNode old, @JsonProperty("new") JsonNode value) {
}
