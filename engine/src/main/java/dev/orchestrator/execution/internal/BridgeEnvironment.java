package dev.orchestrator.execution.internal;

import dev.orchestrator.context.Context;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a process step gets besides its command: the bridge files in its private folder and the variables
 * naming them (see docs/ctx-and-bridge.md).
 *
 * <p>Nothing whose size the engine does not control travels in the environment or on the command line:
 * Linux refuses to start a process when one string there passes 128 KiB, or all of them together pass a
 * quarter of the stack limit ("Argument list too long"), and that would fail steps that have nothing to do
 * with the large value. So the ctx, its history, the params and the run-wide state are files; {@code CTX_*}
 * variables are bounded per value and in total (a value left out is in a file of its own); command-line
 * values and the step's own {@code env} are checked against the same kind of bound before the start, and a
 * step over them fails naming the value, without starting.
 */
final class BridgeEnvironment {

    /** The largest {@code CTX_<KEY>} variable passed (UTF-8 bytes of its value). */
    static final int MAX_CTX_VARIABLE = 32 * 1024;
    /** The most all {@code CTX_*} variables may take together (names and values). */
    static final int MAX_CTX_VARIABLES = 512 * 1024;
    /** The largest single command-line item or {@code env} value of a step. */
    static final int MAX_ARG = 64 * 1024;
    /** The most a step's command line and its own {@code env} may take together. */
    static final int MAX_ARGS = 512 * 1024;

    /** The folder, inside the bridge folder, of the {@code CTX_*} values too large for a variable. */
    static final String VALUES_DIR = "ctx-values";

    private BridgeEnvironment() {
    }

    /**
     * Writes the bridge files into {@code bridge} and sets the variables in {@code env}.
     *
     * @return the file the process appends its ctx changes to ({@code ORCH_CTX_OUT})
     * @throws StepFailedException if the command line or the step's env is too large to start a process
     */
    static Path prepare(Path bridge, StepRun run, Map<String, String> env) throws IOException {
        Step step = run.step();
        // the step's args are the part of the command line a recipe controls (the rest is the engine's)
        checkBounds(step.type() == StepType.PYTHON ? List.of() : LaunchSpec.flags(step.target().args()), step.target().env());
        Context ctx = run.ctx();
        Path ctxFile = bridge.resolve("ctx.json");
        Path historyFile = bridge.resolve("history.json");
        Path paramsFile = bridge.resolve("params.json");
        Path globalFile = bridge.resolve("global-state.json");
        // created by the child on its first change (the libraries append to it); no file means no change
        Path outFile = bridge.resolve("ctx-out.jsonl");
        Files.writeString(ctxFile, ContextJson.compact(ctx.snapshot().values()), StandardCharsets.UTF_8);
        ContextJson.writeHistory(historyFile, ctx.history());
        Files.writeString(paramsFile, ContextJson.compact(step.target().params()), StandardCharsets.UTF_8);
        run.settings().global().writeJson(globalFile);

        env.remove("ORCH_CTX_VALUES_DIR"); // set again below when this step has a value too large for a variable
        exposeCtx(ctx, env, bridge, run);
        // PYTHONPATH / ORCH_SHELL_LIB: the Python core and shell library from the engine jar, unless the
        // workspace has its own; before step.target().env() so that a step can still point elsewhere
        BundledScriptlets.shared().exposeTo(env, run.settings().workspace());
        env.putAll(step.target().env());
        env.put("ORCH_CTX_FILE", ctxFile.toString());
        env.put("ORCH_CTX_HISTORY", historyFile.toString());
        env.put("ORCH_CTX_OUT", outFile.toString());
        env.put("ORCH_PARAMS_FILE", paramsFile.toString());
        env.put("ORCH_GLOBAL_STATE_FILE", globalFile.toString());
        env.put("ORCH_STEP", step.name());
        env.put("ORCH_RECIPE", run.recipe().testId());
        env.put("ORCH_RUN_ID", run.settings().runId());
        env.put("ORCH_WORKSPACE", run.settings().workspace().toString());
        env.put("ORCH_LOG_DIR", run.settings().logDir().toString());
        env.put("ORCH_LOG_FILE", run.log().path().toString());
        // the engine copies the child's stderr into ORCH_LOG_FILE itself: the scriptlet libraries write
        // their log lines to stderr only, so that each line is in the log once and counts against its cap
        env.put("ORCH_LOG_VIA_STDERR", "1");
        // inherited from a parent run (a step that starts the orchestrator): never the old, large form
        env.remove("ORCH_GLOBAL_STATE");
        env.remove("ORCH_PARAMS");
        return outFile;
    }

    /**
     * {@code CTX_<KEY>} variables within {@link #MAX_CTX_VARIABLE} and {@link #MAX_CTX_VARIABLES}. A value
     * over them is written to {@code ORCH_CTX_VALUES_DIR/CTX_<KEY>} instead (the shell library reads it from
     * there), and the log says so.
     */
    private static void exposeCtx(Context ctx, Map<String, String> env, Path bridge, StepRun run) throws IOException {
        int total = 0;
        Path valuesDir = null;
        for (Map.Entry<String, String> variable : ctx.exposeForShell().entrySet()) {
            byte[] value = variable.getValue().getBytes(StandardCharsets.UTF_8);
            int size = variable.getKey().length() + value.length;
            if (value.length <= MAX_CTX_VARIABLE && total + size <= MAX_CTX_VARIABLES) {
                env.put(variable.getKey(), variable.getValue());
                total += size;
                continue;
            }
            if (valuesDir == null) {
                valuesDir = Files.createDirectory(bridge.resolve(VALUES_DIR));
                env.put("ORCH_CTX_VALUES_DIR", valuesDir.toString());
            }
            Files.write(valuesDir.resolve(variable.getKey()), value);
            run.log().info("%s is in $ORCH_CTX_VALUES_DIR/%s, not in the environment: its value (%d bytes) is "
                    + "too large for a variable", variable.getKey(), variable.getKey(), value.length);
        }
    }

    private static void checkBounds(List<String> flags, Map<String, String> stepEnv) {
        long total = 0;
        for (int i = 0; i < flags.size(); i++) {
            int size = flags.get(i).getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_ARG) {
                String flag = i % 2 == 1 ? flags.get(i - 1).substring(2) : flags.get(i);
                throw new StepFailedException("args." + flag + " is " + size + " bytes on the command line; one "
                        + "item may be at most " + MAX_ARG + " bytes. Pass large values through params "
                        + "(ORCH_PARAMS_FILE) or a file");
            }
            total += size + 1;
        }
        for (Map.Entry<String, String> variable : stepEnv.entrySet()) {
            int size = (variable.getKey() + "=" + variable.getValue()).getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_ARG) {
                throw new StepFailedException("env " + variable.getKey() + " is " + size + " bytes; one variable may "
                        + "be at most " + MAX_ARG + " bytes. Pass large values through params (ORCH_PARAMS_FILE) or "
                        + "a file");
            }
            total += size + 1;
        }
        if (total > MAX_ARGS) {
            throw new StepFailedException("the args and env of this step take " + total + " bytes; together "
                    + "they may take at most " + MAX_ARGS + " bytes. Pass large values through params "
                    + "(ORCH_PARAMS_FILE) or a file");
        }
    }
}
