package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.internal.ContextJson;
import org.junit.jupiter.api.Test;

class GlobalStateTest {

    private static ObjectNode meta(String testId) {
        return JsonNodeFactory.instance.objectNode().put("test_id", testId).put("tester", "qa");
    }

    @Test
    void holdsTheRunIdAndEveryRecipesTestMeta() {
        GlobalState state = new GlobalState("run-7");
        state.putTestMeta("b_recipe", meta("b_recipe"));
        state.putTestMeta("a_recipe", meta("a_recipe"));

        assertThat(state.runId()).isEqualTo("run-7");
        assertThat(state.testMeta()).containsOnlyKeys("a_recipe", "b_recipe");
        assertThat(state.testMeta("a_recipe").orElseThrow().get("tester").textValue()).isEqualTo("qa");
        assertThat(state.toJson().toString()).isEqualTo("{\"run_id\":\"run-7\",\"test_meta\":{"
                + "\"a_recipe\":{\"test_id\":\"a_recipe\",\"tester\":\"qa\"},"
                + "\"b_recipe\":{\"test_id\":\"b_recipe\",\"tester\":\"qa\"}}}");
    }

    @Test
    void neitherTheGivenNodeNorTheViewsCanChangeIt() {
        GlobalState state = new GlobalState("run");
        ObjectNode meta = meta("r");
        state.putTestMeta("r", meta);
        meta.put("tester", "changed");
        ((ObjectNode) state.testMeta().get("r")).put("tester", "changed");

        assertThat(state.testMeta("r").orElseThrow().get("tester").textValue()).isEqualTo("qa");
        assertThatThrownBy(() -> state.testMeta().put("x", meta)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void itsFileHoldsTheSameJsonAsToJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        GlobalState state = new GlobalState("run \"7\"");
        state.putTestMeta("b", meta("b"));
        state.putTestMeta("a", meta("a").put("description", "é\n\"quoted\""));
        state.putTestMeta("b", meta("b").put("tester", "replaced"));
        java.nio.file.Path file = dir.resolve("global.json");
        state.writeJson(file);
        assertThat(java.nio.file.Files.readString(file)).isEqualTo(ContextJson.compact(state.toJson()));
        new GlobalState("empty").writeJson(file);
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("{\"run_id\":\"empty\",\"test_meta\":{}}");
    }
}
