package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.context.internal.ContextJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The child-JVM side of the process bridge (docs/ctx-and-bridge.md) for {@code type: java, requires_process: true}:
 * {@code java -cp … dev.orchestrator.scriptlet.ProcessBridge --class X [--name value]…}. Reads the ctx from
 * {@code ORCH_CTX_FILE}/{@code ORCH_CTX_HISTORY}, params from the file {@code ORCH_PARAMS_FILE} (else the
 * text of {@code ORCH_PARAMS}, for a hand-made call; flags add to them) and the run-wide state from the file
 * {@code ORCH_GLOBAL_STATE_FILE}, runs the scriptlet, appends its ctx changes to {@code ORCH_CTX_OUT}, prints
 * the JSON result as the last stdout line, exits 0/1/2.
 */
@API(status = INTERNAL)
public final class ProcessBridge {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The exit code of a scriptlet that gave up (an assumption did not hold): the engine reports it aborted. */
    static final int ABORTED = 77;

    private ProcessBridge() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[0].equals("--class")) {
            err.println("usage: ProcessBridge --class CLASS [--name value]…");
            return ScriptletCli.INVALID;
        }
        String className = args[1];
        try {
            ObjectNode params = params(env);
            for (int i = 2; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    err.println("error: expected --name value, found '" + args[i] + "'");
                    return ScriptletCli.INVALID;
                }
                params.set(args[i].substring(2), ScriptletCli.parseValue(args[i + 1]));
            }
            Context ctx = context(env).actingAs(env.getOrDefault("ORCH_STEP", className), className);
            int before = ctx.historySize();
            BaseScriptlet scriptlet = ScriptletInvoker.instantiate(className, ProcessBridge.class.getClassLoader());
            String global = env.get("ORCH_GLOBAL_STATE_FILE");
            if (global != null && !global.isBlank() && JSON.readTree(Path.of(global).toFile()) instanceof ObjectNode state) {
                scriptlet.attachGlobalState(state);
            }
            Path workspace = Path.of(env.getOrDefault("ORCH_WORKSPACE", "")).toAbsolutePath();
            JsonNode result = ScriptletInvoker.invoke(scriptlet, ctx, Params.of(params), err::println, workspace);
            writeChanges(env.get("ORCH_CTX_OUT"), ctx.historySince(before));
            out.println(JSON.writeValueAsString(result));
            return ScriptletCli.OK;
        } catch (InvalidParamsException e) {
            err.println("invalid parameters: " + e.getMessage());
            return ScriptletCli.INVALID;
        } catch (Exception | AssertionError e) {
            e.printStackTrace(err);
            return isAborted(e) ? ABORTED : ScriptletCli.FAILED;
        }
    }

    /** An {@code org.opentest4j.TestAbortedException} (JUnit's {@code Assumptions}), matched by name: opentest4j is optional here. */
    private static boolean isAborted(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.opentest4j.TestAbortedException")) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode params(Map<String, String> env) throws IOException {
        String file = env.get("ORCH_PARAMS_FILE");
        String text = file != null && !file.isBlank()
                ? Files.readString(Path.of(file), StandardCharsets.UTF_8) : env.get("ORCH_PARAMS");
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node = JSON.readTree(text);
        if (!node.isObject()) {
            throw new InvalidParamsException((file != null ? "ORCH_PARAMS_FILE" : "ORCH_PARAMS")
                    + " must hold a JSON object");
        }
        return (ObjectNode) node;
    }

    private static Context context(Map<String, String> env) throws IOException {
        String recipe = env.getOrDefault("ORCH_RECIPE", "cli");
        String runId = env.getOrDefault("ORCH_RUN_ID", "cli");
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        String ctxFile = env.get("ORCH_CTX_FILE");
        if (ctxFile != null && !ctxFile.isBlank()) {
            JsonNode node = JSON.readTree(Files.readString(Path.of(ctxFile), StandardCharsets.UTF_8));
            if (!node.isObject()) {
                throw new InvalidParamsException("ORCH_CTX_FILE must hold a JSON object");
            }
            values = (ObjectNode) node;
        }
        String historyFile = env.get("ORCH_CTX_HISTORY");
        List<ChangeRecord> history = historyFile == null || historyFile.isBlank()
                ? List.of() : ContextJson.readHistory(Path.of(historyFile));
        return Context.restore(recipe, runId, values, history);
    }

    private static void writeChanges(String outFile, List<ChangeRecord> changes) throws IOException {
        if (outFile == null || outFile.isBlank()) {
            return;
        }
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(outFile), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (ChangeRecord change : changes) {
                ObjectNode line = JsonNodeFactory.instance.objectNode();
                line.put("op", change.op() == ChangeRecord.Op.SET ? "set" : "delete");
                line.put("key", change.key());
                if (change.op() == ChangeRecord.Op.SET) {
                    line.set("value", change.value());
                }
                w.write(JSON.writeValueAsString(line));
                w.newLine();
            }
        }
    }
}
