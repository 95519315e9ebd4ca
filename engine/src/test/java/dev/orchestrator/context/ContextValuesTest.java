package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextValuesTest {

    private final Context ctx = Context.create("csv_metrics", "run-1");

    @Test
    void setThenGetReturnsTheValueAsJson() {
        ctx.set("name", "alice");
        ctx.set("count", 3);
        ctx.set("ratio", 0.5);
        ctx.set("ok", true);

        assertThat(ctx.get("name").textValue()).isEqualTo("alice");
        assertThat(ctx.get("count").intValue()).isEqualTo(3);
        assertThat(ctx.get("ratio").doubleValue()).isEqualTo(0.5);
        assertThat(ctx.get("ok").booleanValue()).isTrue();
    }

    @Test
    void getOfAnAbsentKeyIsNullButAJsonNullIsANullNode() {
        ctx.set("nothing", null);

        assertThat(ctx.get("absent")).isNull();
        assertThat(ctx.get("nothing")).isEqualTo(NullNode.getInstance());
        assertThat(ctx.has("nothing")).isTrue();
        assertThat(ctx.has("absent")).isFalse();
    }

    @Test
    void acceptsEveryJavaNumberTypeThatIsJson() {
        ctx.set("i", 1);
        ctx.set("l", 1L << 40);
        ctx.set("s", (short) 2);
        ctx.set("b", (byte) 3);
        ctx.set("f", 0.1f);
        ctx.set("d", 2.5d);
        ctx.set("bd", new BigDecimal("1.25"));
        ctx.set("bi", new BigInteger("123456789012345678901234567890"));

        assertThat(ctx.getString("i")).isEqualTo("1");
        assertThat(ctx.getString("l")).isEqualTo("1099511627776");
        assertThat(ctx.getString("s")).isEqualTo("2");
        assertThat(ctx.getString("b")).isEqualTo("3");
        assertThat(ctx.getString("f")).isEqualTo("0.1");
        assertThat(ctx.getString("d")).isEqualTo("2.5");
        assertThat(ctx.getString("bd")).isEqualTo("1.25");
        assertThat(ctx.getString("bi")).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void convertsMapsCollectionsAndArraysRecursively() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("columns", List.of("a", "b"));
        metrics.put("rows", new int[] {1, 2, 3});
        metrics.put("nested", Map.of("deep", new Object[] {true, null, "x"}));

        ctx.set("metrics", metrics);

        assertThat(ctx.getString("metrics"))
                .isEqualTo("{\"columns\":[\"a\",\"b\"],\"rows\":[1,2,3],\"nested\":{\"deep\":[true,null,\"x\"]}}");
    }

    @Test
    void getStringGivesAStringsTextAndCompactJsonForTheRest() {
        ctx.set("text", "hello \"world\"");
        ctx.set("list", List.of(1, "two"));
        ctx.set("nothing", null);

        assertThat(ctx.getString("text")).isEqualTo("hello \"world\"");
        assertThat(ctx.getString("list")).isEqualTo("[1,\"two\"]");
        assertThat(ctx.getString("nothing")).isEqualTo("null");
        assertThat(ctx.getString("absent")).isNull();
    }

    @Test
    void removeDeletesAKeyAndReportsWhetherItWasThere() {
        ctx.set("k", 1);

        assertThat(ctx.remove("k")).isTrue();
        assertThat(ctx.has("k")).isFalse();
        assertThat(ctx.remove("k")).isFalse();
    }

    @Test
    void keysAreInInsertionOrderAndAnImmutableCopy() {
        ctx.set("b", 1);
        ctx.set("a", 2);
        ctx.set("c", 3);
        ctx.set("b", 4); // replacing keeps the position
        ctx.remove("a");
        ctx.set("a", 5); // re-adding puts it last

        assertThat(ctx.keys()).containsExactly("b", "c", "a");
        assertThatThrownBy(() -> ctx.keys().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesNullAndEmptyKeys() {
        assertThatThrownBy(() -> ctx.set("", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-empty");
        assertThatThrownBy(() -> ctx.set(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ctx.get("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ctx.history()).isEmpty();
    }

    @Test
    void mutatingTheValuePassedToSetDoesNotChangeTheContextOrItsHistory() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("a", 1);
        List<Object> list = new ArrayList<>(List.of(1, 2));

        ctx.set("node", node);
        ctx.set("list", list);
        node.put("a", 99);
        node.put("sneaky", true);
        list.add(3);

        assertThat(ctx.getString("node")).isEqualTo("{\"a\":1}");
        assertThat(ctx.getString("list")).isEqualTo("[1,2]");
        assertThat(ctx.getHistory("node").get(0).value().toString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void mutatingWhatGetAndHistoryReturnDoesNotChangeTheContext() {
        ctx.set("obj", Map.of("a", 1));
        ctx.set("obj", Map.of("a", 2));

        ((ObjectNode) ctx.get("obj")).put("a", 99);
        ((ObjectNode) ctx.history().get(1).old()).put("a", 99);
        ((ObjectNode) ctx.lastModified("obj").orElseThrow().value()).put("a", 99);
        ((ObjectNode) ctx.snapshot().values().get("obj")).put("a", 99);

        assertThat(ctx.getString("obj")).isEqualTo("{\"a\":2}");
        assertThat(ctx.history().get(1).old().toString()).isEqualTo("{\"a\":1}");
        assertThat(ctx.history().get(1).value().toString()).isEqualTo("{\"a\":2}");
    }

    @Test
    void viewsMadeWithActingAsShareOneStore() {
        Context step = ctx.actingAs("load_csv", "dev.example.LoadCsv");

        step.set("rows", 10);

        assertThat(ctx.get("rows").intValue()).isEqualTo(10);
        assertThat(step.recipe()).isEqualTo("csv_metrics");
        assertThat(step.runId()).isEqualTo("run-1");
        assertThat(step.who()).isEqualTo("load_csv");
        assertThat(ctx.who()).isEqualTo("runner");
    }

    @Test
    void aJsonNodeArrayIsCopiedNotShared() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode().add(1);
        ctx.set("arr", array);
        array.add(2);

        JsonNode stored = ctx.get("arr");
        assertThat(stored).hasSize(1);
    }
}
