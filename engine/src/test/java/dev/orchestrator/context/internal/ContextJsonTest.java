package dev.orchestrator.context.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextJsonTest {

    private static final Instant WHEN = Instant.parse("2026-11-26T12:04:15.123456Z");

    private static ChangeRecord sample() {
        return new ChangeRecord("rows", ChangeRecord.Op.SET, NullNode.getInstance(), IntNode.valueOf(3),
                "count_rows", "dev.example.CountRows", WHEN, "csv_metrics", "run-1");
    }

    @Test
    void aChangeRecordIsWrittenWithExactlyTheSpecFieldNames() throws Exception {
        JsonNode json = ContextJson.mapper().valueToTree(sample());

        List<String> names = new ArrayList<>();
        json.properties().forEach(field -> names.add(field.getKey()));
        assertThat(names).containsExactly("key", "op", "old", "new", "who", "what", "when", "recipe", "run_id");
        assertThat(ContextJson.mapper().writeValueAsString(sample())).isEqualTo(
                "{\"key\":\"rows\",\"op\":\"set\",\"old\":null,\"new\":3,\"who\":\"count_rows\","
                        + "\"what\":\"dev.example.CountRows\",\"when\":\"2026-11-26T12:04:15.123456Z\","
                        + "\"recipe\":\"csv_metrics\",\"run_id\":\"run-1\"}");
    }

    @Test
    void aDeleteIsWrittenAsOpDelete() {
        ChangeRecord delete = new ChangeRecord("k", ChangeRecord.Op.DELETE, IntNode.valueOf(1), NullNode.getInstance(),
                "runner", "runner", WHEN, "r", "run");

        assertThat(ContextJson.compact(ContextJson.mapper().valueToTree(delete))).contains("\"op\":\"delete\"");
    }

    @Test
    void aChangeRecordRoundTripsThroughJson() throws Exception {
        String json = ContextJson.mapper().writeValueAsString(sample());

        assertThat(ContextJson.mapper().readValue(json, ChangeRecord.class)).isEqualTo(sample());
    }

    @Test
    void historyRoundTripsAsAJsonArrayInOrder() throws Exception {
        Context ctx = Context.create("csv_metrics", "run-1");
        ctx.set("a", Map.of("x", List.of(1, 2)));
        ctx.actingAs("s", "S").set("a", "two");
        ctx.remove("a");

        String json = ContextJson.historyToJson(ctx.history());

        assertThat(json).startsWith("[{\"key\":\"a\",\"op\":\"set\"");
        assertThat(ContextJson.historyFromJson(json)).isEqualTo(ctx.history());
    }

    @Test
    void historyFilesRoundTrip(@TempDir Path dir) throws Exception {
        Context ctx = Context.create("r", "run");
        ctx.set("a", 1);
        ctx.set("b", List.of("x"));
        Path file = dir.resolve("history.json");

        ContextJson.writeHistory(file, ctx.history());

        assertThat(ContextJson.readHistory(file)).isEqualTo(ctx.history());
    }

    @Test
    void missingOldOrNewReadsAsJsonNull() throws Exception {
        List<ChangeRecord> records = ContextJson.historyFromJson(
                "[{\"key\":\"k\",\"op\":\"delete\",\"who\":\"w\",\"what\":\"w\",\"when\":\"2026-01-01T00:00:00Z\","
                        + "\"recipe\":\"r\",\"run_id\":\"x\",\"future_field\":1}]");

        assertThat(records.get(0).old()).isEqualTo(NullNode.getInstance());
        assertThat(records.get(0).value()).isEqualTo(NullNode.getInstance());
        assertThat(records.get(0).op()).isEqualTo(ChangeRecord.Op.DELETE);
    }

    @Test
    void malformedHistoryIsAnError() {
        assertThatThrownBy(() -> ContextJson.historyFromJson("[{\"key\":\"k\",\"when\":\"yesterday\"}]"))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> ContextJson.historyFromJson("{"))
                .isInstanceOf(JsonProcessingException.class);
    }
}
