package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Runs a command given as an argv list (never through a shell), waits for it with a timeout, and checks its
 * exit code and, optionally, that its output matches a regular expression. Stores
 * {@code <save_as> = {"exit_code": 0, "stdout": "…", "stderr": "…"}} (each cut to its last 64 KiB) and logs
 * the output's tail. On timeout the process and its descendants are killed.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 3
 *   name: python_version
 *   type: java
 *   class: dev.orchestrator.scriptlets.RunCommand
 *   params: {argv: [python3, --version], expect_output: "Python 3\\.\\d+"}
 * </pre>
 */
@ScriptletDoc(
        name = "run-command",
        description = "Run an argv command (no shell); check exit code and output; store the output in ctx.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.RunCommand --argv '[\"python3\", \"--version\"]' [--expect_exit 0] [--expect_output REGEX]",
        params = {
            @Param(name = "argv", type = ParamType.LIST, required = true, help = "the program and its arguments; {{ref}} placeholders are filled from ctx"),
            @Param(name = "cwd", type = ParamType.PATH, defaultValue = ".", help = "working folder, in the workspace"),
            @Param(name = "env", type = ParamType.MAP, help = "extra environment variables (placeholders filled)"),
            @Param(name = "stdin", help = "text given on standard input (default: none)"),
            @Param(name = "timeout_s", type = ParamType.NUMBER, defaultValue = "60", help = "kill the command after this many seconds"),
            @Param(name = "expect_exit", type = ParamType.INT, defaultValue = "0", help = "the exit code that passes"),
            @Param(name = "expect_output", help = "a regular expression that must be found in stdout or stderr (^ and $ match at line ends)"),
            @Param(name = "save_as", defaultValue = "command", help = "ctx key of {exit_code, stdout, stderr}")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.RunCommand --argv '[\"git\", \"status\", \"--short\"]'"},
        limitations = "The command runs from the engine's JVM, outside the process containment of shell and Python steps: "
                + "what it leaves behind is killed while still its descendant, not after it has been adopted by init.")
@API(status = EXPERIMENTAL)
public final class RunCommand extends BaseScriptlet {

    private static final int KEPT = 64 * 1024;

    @Override
    public void validate(Context ctx, Params params) {
        Support.requiredList(params, "argv");
        params.optionalString("cwd").ifPresent(this::resolve);
        params.optionalString("expect_output").ifPresent(Pattern::compile);
        Support.millis(params, "timeout_s", 60);
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        ProcessBuilder builder = Processes.builder(params, ctx, this::resolve);
        Path out = Files.createTempFile("orch-run-", ".out");
        Path err = Files.createTempFile("orch-run-", ".err");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (!params.has("stdin")) {
                builder.redirectInput(Processes.devNull());
            }
            log().info("run: %s", Processes.shown(builder.command()));
            long start = System.nanoTime();
            Process process = builder.start();
            if (params.has("stdin")) {
                try (var in = process.getOutputStream()) {
                    in.write(params.string("stdin").getBytes(StandardCharsets.UTF_8));
                } catch (IOException closedEarly) {
                    // the command did not read its input: its exit code says whether that matters
                }
            }
            long timeout = Support.millis(params, "timeout_s", 60);
            boolean finished = process.waitFor(timeout, TimeUnit.MILLISECONDS);
            // whatever it started and left attached goes too, finished or not
            Processes.killTree(process, finished ? 0 : 2000);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            String stdout = tail(out);
            String stderr = tail(err);
            tailToLog("stdout", stdout);
            tailToLog("stderr", stderr);
            if (!finished) {
                throw new java.util.concurrent.TimeoutException(builder.command().get(0) + " did not finish within "
                        + Support.number(params, "timeout_s", 60) + " s: killed it");
            }
            Map<String, Object> saved = new LinkedHashMap<>();
            saved.put("exit_code", process.exitValue());
            saved.put("stdout", stdout);
            saved.put("stderr", stderr);
            saved.put("elapsed_ms", elapsed);
            ctx.set(params.optionalString("save_as").orElse("command"), saved);
            long expected = params.integer("expect_exit", 0);
            if (process.exitValue() != expected) {
                throw new AssertionError(builder.command().get(0) + " exited with " + process.exitValue() + ", expected " + expected);
            }
            if (params.has("expect_output")
                    && !Pattern.compile(params.string("expect_output"), Pattern.MULTILINE).matcher(stdout + "\n" + stderr).find()) {
                throw new AssertionError("output does not match /" + params.string("expect_output") + "/");
            }
            log().info("exit code %d after %d ms", process.exitValue(), elapsed);
            return Map.of("exit_code", process.exitValue(), "elapsed_ms", elapsed);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private void tailToLog(String stream, String text) {
        if (!text.isEmpty()) {
            String[] lines = text.split("\n");
            int from = Math.max(0, lines.length - 20);
            for (int i = from; i < lines.length; i++) {
                log().info("%s| %s", stream, lines[i]);
            }
        }
    }

    private static String tail(Path file) throws IOException {
        long size = Files.size(file);
        try (var channel = Files.newByteChannel(file)) {
            channel.position(Math.max(0, size - KEPT));
            var buffer = java.nio.ByteBuffer.allocate((int) Math.min(size, KEPT));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.RunCommand --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new RunCommand(), args);
    }
}
