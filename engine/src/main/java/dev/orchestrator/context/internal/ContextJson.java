package dev.orchestrator.context.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.orchestrator.context.ChangeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The one JSON configuration of the context package, shared with the engine (process bridge, reports) so
 * ctx values, change records and checkpoints are written the same way everywhere.
 *
 * <ul>
 *   <li>{@link Instant} is an ISO-8601 UTC string ({@code "2026-11-26T12:04:15.123456Z"});</li>
 *   <li>{@link ChangeRecord} has exactly the fields {@code key, op, old, new, who, what, when, recipe,
 *       run_id}, {@code op} being {@code "set"} or {@code "delete"};</li>
 *   <li>output is compact (one line); unknown fields are ignored when reading, so files written by a
 *       newer engine still load.</li>
 * </ul>
 */
@API(status = INTERNAL)
public final class ContextJson {

    private static final TypeReference<List<ChangeRecord>> HISTORY = new TypeReference<>() {
    };

    /*
     * Jackson refuses to read strings longer than 20 MB by default, but happily writes them: a ctx holding
     * such a string would checkpoint fine and then fail to restore. Reading is what must match writing.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .addModule(new SimpleModule("orchestrator-instant")
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addDeserializer(Instant.class, new InstantDeserializer()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ContextJson() {
    }

    /**
     * The shared, configured mapper. Thread-safe for reading and writing; never reconfigure it (that would
     * change the format for everyone) — use {@code mapper().copy()} for a variant.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code node} as compact JSON text; never null ({@code "null"} for a JSON null). */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain JSON nodes always serialises
        }
    }

    /** The records as a JSON array, in list order (the format of {@code ORCH_CTX_HISTORY}, docs/ctx-and-bridge.md). */
    public static String historyToJson(List<ChangeRecord> history) {
        try {
            return MAPPER.writerFor(HISTORY).writeValueAsString(history);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a JSON array of change records written by {@link #historyToJson}.
     *
     * @throws JsonProcessingException when {@code json} is not such an array
     */
    public static List<ChangeRecord> historyFromJson(String json) throws JsonProcessingException {
        List<ChangeRecord> records = MAPPER.readValue(json, HISTORY);
        return records == null ? List.of() : records;
    }

    /** Streams the records to {@code file} as a JSON array (replacing it), without building the text in memory. */
    public static void writeHistory(Path file, List<ChangeRecord> history) throws IOException {
        MAPPER.writerFor(HISTORY).writeValue(file.toFile(), history);
    }

    /** Reads a file written by {@link #writeHistory}. */
    public static List<ChangeRecord> readHistory(Path file) throws IOException {
        List<ChangeRecord> records = MAPPER.readValue(file.toFile(), HISTORY);
        return records == null ? List.of() : records;
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText().trim();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                        "expected an ISO-8601 instant such as 2026-11-26T12:04:15Z");
            }
        }
    }
}
