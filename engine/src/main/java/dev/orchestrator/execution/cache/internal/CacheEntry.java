package dev.orchestrator.execution.cache.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a passed step left, kept under its fingerprint ({@code Data/cache/entries/<fingerprint>.json}): the ctx
 * writes to replay, the output files to restore (by content hash, from {@code Data/cache/objects/}), its result,
 * and where it came from.
 *
 * @param fingerprint the step's {@link Fingerprint}
 * @param recipe      the recipe's test_id
 * @param step        the step's name
 * @param runId       the run the step passed in
 * @param created     when the entry was written
 * @param ctxWrites   the step's ctx changes in order, values as the ctx stores them
 * @param outputs     the declared output files, workspace-relative, with their SHA-256 and size
 * @param result      the scriptlet's (masked) JSON result, or null
 */
@API(status = INTERNAL)
public record CacheEntry(@JsonProperty("fingerprint") String fingerprint,
                         @JsonProperty("recipe") String recipe,
                         @JsonProperty("step") String step,
                         @JsonProperty("run_id") String runId,
                         @JsonProperty("created") Instant created,
                         @JsonProperty("ctx_writes") List<CtxWrite> ctxWrites,
                         @JsonProperty("outputs") List<Output> outputs,
                         @JsonProperty("result") JsonNode result) {

    public CacheEntry {
        ctxWrites = ctxWrites == null ? List.of() : List.copyOf(ctxWrites);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /**
     * One ctx change: {@code op} is {@code set} (with its value) or {@code delete}.
     */
    @API(status = INTERNAL)
    public record CtxWrite(@JsonProperty("op") String op, @JsonProperty("key") String key,
                           @JsonProperty("value") JsonNode value) {
    }

    /** One output file: its workspace-relative path, content hash, size and whether it is executable. */
    @API(status = INTERNAL)
    public record Output(@JsonProperty("path") String path, @JsonProperty("sha256") String sha256,
                         @JsonProperty("size") long size, @JsonProperty("executable") boolean executable) {
    }
}
