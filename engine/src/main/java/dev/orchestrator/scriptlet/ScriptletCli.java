package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.internal.DeclaredParam;
import dev.orchestrator.scriptlet.internal.ParamDeclarations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * Runs a Java scriptlet alone, without the engine: {@code java -cp … Class --param value … [--ctx-file F]}.
 *
 * <ul>
 *   <li>{@code --name value} becomes param {@code name}: a value that parses as a JSON number, boolean,
 *       array or object is taken as such, anything else as a string; a flag with no value is {@code true}.</li>
 *   <li>{@code --ctx-file F} seeds ctx from the JSON object in F and writes the final ctx back to F, so
 *       scriptlets can be chained by hand.</li>
 *   <li>{@code --workspace DIR} sets the workspace relative paths resolve against (default:
 *       {@code $ORCH_WORKSPACE}, else the current directory).</li>
 *   <li>{@code --help} prints the {@link ScriptletDoc} block.</li>
 * </ul>
 * When the class declares its parameters ({@link ScriptletDoc#params()}), only those flags are accepted:
 * {@code --help} lists them, each value is converted to its declared type, and an unknown flag, a value of
 * the wrong type or a missing required parameter exits 2.
 * Prints the JSON result on stdout; exit code 0 success, 1 failure, 2 invalid usage or parameters.
 */
@API(status = STABLE, since = "0.1")
public final class ScriptletCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptletCli() {
    }

    /** Runs {@code scriptlet} with {@code args} and exits the JVM with the exit code. */
    public static void main(BaseScriptlet scriptlet, String[] args) {
        System.exit(run(scriptlet, args, System.out, System.err));
    }

    /** Runs {@code scriptlet} with {@code args}; returns the exit code instead of exiting. */
    public static int run(BaseScriptlet scriptlet, String[] args, PrintStream out, PrintStream err) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        Optional<List<DeclaredParam>> declared = ParamDeclarations.ofClass(scriptlet.getClass());
        Path ctxFile = null;
        String envWorkspace = System.getenv("ORCH_WORKSPACE");
        Path workspace = Path.of(envWorkspace == null || envWorkspace.isBlank() ? "" : envWorkspace);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(help(scriptlet.getClass()));
                return OK;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                err.println("error: expected --name value, found '" + arg + "' (see --help)");
                return INVALID;
            }
            String name = arg.substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            if (name.equals("ctx-file") || name.equals("workspace")) {
                if (!hasValue) {
                    err.println("error: --" + name + " needs a path");
                    return INVALID;
                }
                Path path = Path.of(args[++i]);
                if (name.equals("ctx-file")) {
                    ctxFile = path;
                } else {
                    workspace = path;
                }
                continue;
            }
            if (declared.isEmpty()) {
                params.set(name.replace('-', '_'), hasValue ? parseValue(args[++i]) : BooleanNode.TRUE);
                continue;
            }
            String problem = declaredFlag(declared.get(), name, hasValue ? args[++i] : null, params);
            if (problem != null) {
                err.println("error: " + problem + " (see --help)");
                return INVALID;
            }
        }
        Context ctx;
        try {
            ctx = loadContext(ctxFile, scriptlet.getClass().getSimpleName());
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot read --ctx-file " + ctxFile + ": " + e.getMessage());
            return INVALID;
        }
        try {
            JsonNode result = ScriptletInvoker.invoke(scriptlet, ctx, Params.of(params), err::println,
                    workspace.toAbsolutePath());
            if (ctxFile != null) {
                saveContext(ctx, ctxFile);
            }
            out.println(JSON.writeValueAsString(result));
            return OK;
        } catch (InvalidParamsException e) {
            err.println("invalid parameters: " + e.getMessage());
            return INVALID;
        } catch (Exception | AssertionError e) {
            err.println("failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    /**
     * Puts the value of declared flag {@code --name} into {@code params}, converted to its type; a bool flag
     * without a value is {@code true}.
     *
     * @return null, or what is wrong (an undeclared flag, a missing value, a value of the wrong type)
     */
    private static String declaredFlag(List<DeclaredParam> declared, String name, String text, ObjectNode params) {
        String key = name.replace('-', '_');
        DeclaredParam param = declared.stream().filter(p -> p.name().equals(key)).findFirst().orElse(null);
        if (param == null) {
            return "unknown flag --" + name + " (declared: "
                    + String.join(", ", declared.stream().map(p -> "--" + p.name()).toList()) + ")";
        }
        if (params.has(key)) {
            return "--" + name + " given twice";
        }
        if (text == null) {
            if (param.type() != ParamType.BOOL) {
                return "--" + name + " needs a value (" + param.typeName() + ")";
            }
            params.set(key, BooleanNode.TRUE);
            return null;
        }
        try {
            params.set(key, ParamDeclarations.fromText(param, text));
            return null;
        } catch (InvalidParamsException e) {
            return e.getMessage();
        }
    }

    static JsonNode parseValue(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && (node.isNumber() || node.isBoolean() || node.isContainerNode())) {
                return node;
            }
        } catch (JsonProcessingException notJson) {
            // plain text: taken as a string below
        }
        return TextNode.valueOf(text);
    }

    private static Context loadContext(Path file, String who) throws IOException {
        String runId = "cli-" + UUID.randomUUID();
        if (file == null || !Files.exists(file)) {
            return Context.create("cli", runId).actingAs(who, who);
        }
        JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        if (root == null || !root.isObject()) {
            throw new IOException("expected a JSON object");
        }
        Context ctx = Context.create("cli", runId);
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            ctx.set(field.getKey(), field.getValue());
        }
        return ctx.actingAs(who, who);
    }

    private static void saveContext(Context ctx, Path file) throws IOException {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (String key : ctx.keys()) {
            values.set(key, ctx.get(key));
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(values) + "\n",
                StandardCharsets.UTF_8);
    }

    /** The help text of a scriptlet class, from its {@link ScriptletDoc}. */
    public static String help(Class<?> type) {
        ScriptletDoc doc = type.getAnnotation(ScriptletDoc.class);
        if (doc == null) {
            return type.getName() + " (no @ScriptletDoc)\n\nUsage: java -cp … " + type.getName() + " [--name value]…";
        }
        StringBuilder text = new StringBuilder();
        text.append("Name: ").append(doc.name()).append('\n');
        text.append("Description: ").append(doc.description()).append("\n\n");
        text.append("Usage:\n  ").append(doc.usage()).append("\n\n");
        List<String> arguments = doc.params().length > 0
                ? Arrays.stream(doc.params()).map(p -> DeclaredParam.of(p).usageLine()).toList()
                : List.of(doc.arguments());
        if (!arguments.isEmpty()) {
            text.append("Arguments:\n");
            for (String a : arguments) {
                text.append("  ").append(a).append('\n');
            }
            text.append("  --ctx-file FILE  seed ctx from this JSON object and write the final ctx back\n");
            text.append("  --workspace DIR  where relative paths resolve (default: $ORCH_WORKSPACE or .)\n\n");
        }
        // the ctx keys, in the layout of the Reads:/Writes: blocks of Python and shell (docs/contracts.md)
        String[][] keys = {doc.reads(), doc.writes()};
        String[] titles = {"Reads:", "Writes:"};
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].length > 0) {
                text.append(titles[i]).append('\n');
                Arrays.stream(keys[i]).forEach(k -> text.append("  ").append(k).append('\n'));
                text.append('\n');
            }
        }
        if (doc.examples().length > 0) {
            text.append("Examples:\n");
            for (String e : doc.examples()) {
                text.append("  ").append(e).append('\n');
            }
            text.append('\n');
        }
        if (!doc.limitations().isEmpty()) {
            text.append("Limitations/Requirements:\n  ").append(doc.limitations()).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
