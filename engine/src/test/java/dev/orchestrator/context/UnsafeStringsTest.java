package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strings no process step could receive (NUL, lone surrogates) are refused at write, naming the key only. */
class UnsafeStringsTest {

    private final Context ctx = Context.create("r", "run");

    private void assertRefusedWithoutShowingTheValue(String key, Object value, String why) {
        assertThatThrownBy(() -> ctx.set(key, value))
                .isInstanceOf(NonJsonValueException.class)
                .hasMessageContaining("ctx key '" + key + "'")
                .hasMessageContaining(why)
                .hasMessageNotContaining("hunter2");
        assertThat(ctx.has(key)).isFalse();
        assertThat(ctx.history()).isEmpty();
    }

    @Test
    void aStringHoldingNulIsRefusedNamingTheKeyAndNeverTheValue() {
        assertRefusedWithoutShowingTheValue("api_token", "hunter2\u0000", "NUL character (U+0000) at index 7");
        assertRefusedWithoutShowingTheValue("api_token", TextNode.valueOf("hunter2\u0000"), "NUL");
    }

    @Test
    void loneSurrogatesAreRefusedWherEverTheyAreInTheValue() {
        assertRefusedWithoutShowingTheValue("file", "hunter2-\udcff.csv", "lone UTF-16 surrogate (U+DCFF) at index 8");
        assertRefusedWithoutShowingTheValue("list", List.of("ok", "hunter2\ud800"), "the string at list[1]");
        assertRefusedWithoutShowingTheValue("map", Map.of("inner", "hunter2\ud800x"), "the string at map.inner");
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("hunter2\u0000", 1);
        assertRefusedWithoutShowingTheValue("keys", node, "a key of the object at keys holds a NUL");
    }

    @Test
    void surrogatePairsAndOtherTextAreStored() {
        ctx.set("emoji", "smile \uD83D\uDE00, tab\t, é");
        assertThat(ctx.getString("emoji")).isEqualTo("smile \uD83D\uDE00, tab\t, é");
    }

    @Test
    void aKeyHoldingNulIsRefusedAndCheckStorableStoresNothing() {
        assertThatThrownBy(() -> ctx.set("bad\u0000key", 1)).isInstanceOf(NonJsonValueException.class)
                .hasMessageContaining("the key holds a NUL");
        assertThatThrownBy(() -> Context.checkStorable("k", "x\u0000")).isInstanceOf(NonJsonValueException.class);
        Context.checkStorable("k", List.of(1, "two"));
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void globalStateRefusesATestMetaItCouldNotHandToProcessSteps() {
        GlobalState state = new GlobalState("run");
        ObjectNode meta = JsonNodeFactory.instance.objectNode().put("description", "bad\u0000");
        assertThatThrownBy(() -> state.putTestMeta("r", meta)).isInstanceOf(NonJsonValueException.class);
        assertThat(state.testMeta()).isEmpty();
    }
}
