package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonJsonValueTest {

    private final Context ctx = Context.create("r", "run");

    private void assertNothingStoredOrRecorded(String key) {
        assertThat(ctx.has(key)).isFalse();
        assertThat(ctx.history()).isEmpty();
    }

    @Test
    void refusesALocalDateNamingTheKeyAndTheType() {
        assertThatThrownBy(() -> ctx.set("due", LocalDate.of(2026, 1, 1)))
                .isInstanceOf(NonJsonValueException.class)
                .hasMessageContaining("'due'")
                .hasMessageContaining("java.time.LocalDate");
        assertNothingStoredOrRecorded("due");
    }

    @Test
    void refusesOptionalsAndArbitraryObjects() {
        assertThatThrownBy(() -> ctx.set("maybe", Optional.of(1)))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("java.util.Optional");
        assertThatThrownBy(() -> ctx.set("obj", new Object()))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> ctx.set("counter", new AtomicLong()))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("AtomicLong");
        assertNothingStoredOrRecorded("maybe");
    }

    @Test
    void refusesANestedBadValueNamingItsPath() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rows", List.of("a", "b", LocalDate.of(2026, 1, 1)));

        assertThatThrownBy(() -> ctx.set("metrics", metrics))
                .isInstanceOf(NonJsonValueException.class)
                .hasMessageContaining("'metrics'")
                .hasMessageContaining("metrics.rows[2]")
                .hasMessageContaining("java.time.LocalDate");
        assertNothingStoredOrRecorded("metrics");
    }

    @Test
    void aRefusedSetLeavesAnEarlierValueAndHistoryUntouched() {
        ctx.set("k", 1);

        assertThatThrownBy(() -> ctx.set("k", List.of(1, new Object())))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("k[1]");
        assertThat(ctx.get("k").intValue()).isEqualTo(1);
        assertThat(ctx.history()).hasSize(1);
    }

    @Test
    void refusesMapsWithNonStringKeys() {
        Map<Object, Object> map = new HashMap<>();
        map.put(1, "one");

        assertThatThrownBy(() -> ctx.set("m", Map.of("inner", map)))
                .isInstanceOf(NonJsonValueException.class)
                .hasMessageContaining("'m'")
                .hasMessageContaining("m.inner")
                .hasMessageContaining("java.lang.Integer");
        assertNothingStoredOrRecorded("m");
    }

    @Test
    void refusesNanAndInfiniteNumbers() {
        assertThatThrownBy(() -> ctx.set("x", Double.NaN))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("java.lang.Double");
        assertThatThrownBy(() -> ctx.set("x", Float.POSITIVE_INFINITY))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("java.lang.Float");
        assertThatThrownBy(() -> ctx.set("x", JsonNodeFactory.instance.numberNode(Double.NEGATIVE_INFINITY)))
                .isInstanceOf(NonJsonValueException.class);
        assertNothingStoredOrRecorded("x");
    }

    @Test
    void refusesPojoNodesInsideATree() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.putPOJO("when", LocalDate.of(2026, 1, 1));

        assertThatThrownBy(() -> ctx.set("tree", tree))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("tree.when");
        assertNothingStoredOrRecorded("tree");
    }

    @Test
    void refusesACycleInsteadOfOverflowingTheStack() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);

        assertThatThrownBy(() -> ctx.set("loop", loop))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("cycle");
        assertNothingStoredOrRecorded("loop");
    }

    @Test
    void aValueRepeatedWithoutACycleIsAccepted() {
        List<Integer> shared = List.of(1);

        ctx.set("twice", List.of(shared, shared));

        assertThat(ctx.getString("twice")).isEqualTo("[[1],[1]]");
    }

    @Test
    void namesOddMapKeysInThePathReadably() {
        assertThatThrownBy(() -> ctx.set("k", Map.of("a b", new Object())))
                .isInstanceOf(NonJsonValueException.class).hasMessageContaining("k[\"a b\"]");
    }
}
