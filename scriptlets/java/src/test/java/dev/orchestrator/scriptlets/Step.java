package dev.orchestrator.scriptlets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletInvoker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs library scriptlets in a test the way the engine runs a java step: one ctx, a workspace, a log. */
final class Step {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path workspace;
    final Context ctx = Context.create("test_recipe", "run-1").actingAs("test_step", "test");
    final List<String> log = new CopyOnWriteArrayList<>();

    Step(Path workspace) {
        this.workspace = workspace;
    }

    /** Runs {@code scriptlet} with params given as JSON text (single quotes allowed for readability). */
    JsonNode run(BaseScriptlet scriptlet, String paramsJson) throws Exception {
        ObjectNode params = (ObjectNode) JSON.readTree(paramsJson.replace('\'', '"'));
        return ScriptletInvoker.invoke(scriptlet, ctx, Params.of(params), log::add, workspace);
    }

    JsonNode get(String key) {
        return ctx.get(key);
    }

    String logText() {
        return String.join("\n", log);
    }
}
