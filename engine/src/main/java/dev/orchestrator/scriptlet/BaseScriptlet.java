package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.STABLE;

import dev.orchestrator.context.Context;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.scriptlet.internal.WorkspacePaths;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The base of every Java scriptlet. A recipe step with {@code type: java} and {@code class: <this class>}
 * creates one instance per step run (so fields are per-run state), calls {@link #validate} and then
 * {@link #run}. ctx writes are recorded under the step's name.
 *
 * <p>Subclasses need a public no-argument constructor, should carry a {@link ScriptletDoc}, and get a
 * command line for free with {@code public static void main(String[] a) { ScriptletCli.main(new X(), a); }}.
 */
@API(status = STABLE, since = "0.1")
public abstract class BaseScriptlet {

    private volatile StepLog log = StepLog.NONE;
    private volatile Path workspace = Path.of("").toAbsolutePath();
    private volatile ObjectNode globalState = JsonNodeFactory.instance.objectNode();

    /**
     * Checks {@code params} (and, if needed, ctx) before {@link #run}; the default accepts everything.
     *
     * @throws InvalidParamsException when a parameter is missing or wrong: the step fails as "invalid
     *                                parameters" and the CLI exits with 2
     */
    public void validate(Context ctx, Params params) {
    }

    /**
     * Does the step's work.
     *
     * @return a JSON-serialisable result (a {@code JsonNode}, String, Number, Boolean, Map, List, or
     *         {@code null}); shown in the log and printed by the CLI
     * @throws Exception any failure fails the step with this exception as the reason
     */
    public abstract Object run(Context ctx, Params params) throws Exception;

    /** The step's log: lines go to {@code Logs/<timestamp>_<step>.log}, or stderr when run alone. */
    protected final StepLog log() {
        return log;
    }

    /** The workspace folder: where relative paths resolve; the current directory when run alone. */
    protected final Path workspace() {
        return workspace;
    }

    /**
     * Resolves a workspace-relative path, checked at this moment: call it just before using the path. The
     * path must stay inside the workspace both as written and where it really leads, links followed (for a
     * file that does not exist yet, through its nearest existing folder), so a link in {@code Data/} cannot
     * take a write outside.
     *
     * @return the absolute, normalised path (as written, not with links replaced)
     * @throws InvalidParamsException if the path escapes the workspace, by {@code ..}, by being absolute
     *                                elsewhere, or through a link
     */
    protected final Path resolve(String relative) {
        Path resolved = workspace.resolve(relative).normalize();
        if (!resolved.startsWith(workspace)) {
            throw new InvalidParamsException("path '" + relative + "' escapes the workspace " + workspace);
        }
        Path real;
        try {
            real = WorkspacePaths.realLocation(resolved);
            if (real.startsWith(WorkspacePaths.realLocation(workspace))) {
                return resolved;
            }
        } catch (java.io.IOException e) {
            throw new InvalidParamsException("path '" + relative + "' cannot be resolved: " + e.getMessage());
        }
        throw new InvalidParamsException("path '" + relative + "' escapes the workspace " + workspace
                + " through a link (it leads to " + real + ")");
    }

    /**
     * A copy of the run-wide {@code GLOBAL_STATE}: {@code {"run_id": …, "test_meta": {test_id: …}}}
     * with every recipe of the run started so far. Read-only: changing the copy changes nothing.
     */
    protected final ObjectNode globalState() {
        return globalState.deepCopy();
    }

    /** Keeps {@code state} itself, which must not change afterwards: {@link #globalState()} hands out copies. */
    final void attachGlobalState(ObjectNode state) {
        this.globalState = state == null ? JsonNodeFactory.instance.objectNode() : state;
    }

    final void attach(StepLog log, Path workspace) {
        this.log = log == null ? StepLog.NONE : log;
        this.workspace = workspace.toAbsolutePath().normalize();
    }
}
