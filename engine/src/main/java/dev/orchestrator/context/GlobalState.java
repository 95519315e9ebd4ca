package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.internal.ContextJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apiguardian.api.API;

/**
 * The run-wide, read-only-to-steps state (docs/ctx-and-bridge.md): the run id and every recipe's {@code test_meta}.
 * One instance per engine execution; filled by the runner before the first step of each recipe.
 * Thread-safe; nodes are copied in and out, so nothing handed out can change it.
 *
 * <p>Process steps get it as a file ({@link #writeJson(Path)}), never as an environment variable: with
 * thousands of recipes it is far larger than an environment may be. Each recipe's entry is serialised once,
 * when it is put, so writing the file for every step costs a copy of bytes, not a walk of every tree.
 */
@API(status = INTERNAL)
public final class GlobalState {

    private final String runId;
    private final Map<String, JsonNode> testMeta = new ConcurrentHashMap<>();
    /** Bumped by every put: {@link #frozenJson} is built again only after one. */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
    private volatile Frozen frozen;

    private record Frozen(long version, ObjectNode json) {
    }

    /** test id → {@code "id":{…}} as UTF-8 JSON, sorted by test id like {@link #toJson()}. */
    private final Map<String, byte[]> serialized = new ConcurrentSkipListMap<>();

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
        JsonNode copy = JsonValues.toJson("test_meta", testMeta);
        this.testMeta.put(testId, copy);
        ObjectNode entry = JsonNodeFactory.instance.objectNode().set(testId, copy);
        String text = ContextJson.compact(entry);
        // the entry without its enclosing braces, ready to be joined into the test_meta object
        serialized.put(testId, text.substring(1, text.length() - 1).getBytes(StandardCharsets.UTF_8));
        version.incrementAndGet();
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

    /**
     * {@link #toJson()} built once per change, shared by every in-process step until the next
     * {@link #putTestMeta}: a step costs no walk of every recipe's test_meta. Nobody may change the node; it goes
     * only to {@code BaseScriptlet}, which hands out copies.
     */
    public ObjectNode frozenJson() {
        long now = version.get();
        Frozen current = frozen;
        if (current == null || current.version() != now) {
            current = new Frozen(now, toJson());
            frozen = current;
        }
        return current.json();
    }

    /**
     * Writes {@link #toJson()}'s text (compact UTF-8 JSON) to {@code file}, replacing it. Entries put while
     * it writes may or may not be included; every entry written is whole.
     *
     * @throws IOException if the file cannot be written
     */
    public void writeJson(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            out.write(("{\"run_id\":" + ContextJson.compact(JsonNodeFactory.instance.textNode(runId))
                    + ",\"test_meta\":{").getBytes(StandardCharsets.UTF_8));
            boolean first = true;
            for (byte[] entry : serialized.values()) {
                if (!first) {
                    out.write(',');
                }
                out.write(entry);
                first = false;
            }
            out.write("}}".getBytes(StandardCharsets.UTF_8));
        }
    }
}
