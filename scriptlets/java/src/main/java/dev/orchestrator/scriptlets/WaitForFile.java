package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;

/**
 * Waits until a file of the workspace exists (and, optionally, is not empty and has stopped growing), or
 * fails after a timeout.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 2
 *   name: wait_for_export
 *   type: java
 *   class: dev.orchestrator.scriptlets.WaitForFile
 *   params: {path: Data/export.csv, timeout_s: 60, non_empty: true}
 * </pre>
 */
@ScriptletDoc(
        name = "wait-for-file",
        description = "Wait until a workspace file exists (optionally non-empty and stable); fail after a timeout.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.WaitForFile --path FILE [--timeout_s 30]",
        params = {
            @Param(name = "path", type = ParamType.PATH, required = true, help = "the file to wait for"),
            @Param(name = "timeout_s", type = ParamType.NUMBER, defaultValue = "30", help = "give up after this many seconds"),
            @Param(name = "poll_ms", type = ParamType.INT, defaultValue = "100", help = "how often to look"),
            @Param(name = "non_empty", type = ParamType.BOOL, defaultValue = "false", help = "also wait until it holds at least one byte"),
            @Param(name = "stable_ms", type = ParamType.INT, defaultValue = "0", help = "also wait until its size has not changed for this long")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.WaitForFile --path Data/out.csv --timeout_s 5"},
        limitations = "Polls; a file that appears and disappears between two looks is missed.")
@API(status = EXPERIMENTAL)
public final class WaitForFile extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        resolve(params.string("path"));
        Support.millis(params, "timeout_s", 30);
        if (params.integer("poll_ms", 100) < 1 || params.integer("stable_ms", 0) < 0) {
            throw new InvalidParamsException("poll_ms must be positive and stable_ms not negative");
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        long deadline = System.nanoTime() + Support.millis(params, "timeout_s", 30) * 1_000_000;
        long poll = params.integer("poll_ms", 100);
        long stableFor = params.integer("stable_ms", 0) * 1_000_000;
        boolean nonEmpty = params.bool("non_empty", false);
        long start = System.nanoTime();
        long lastSize = -1;
        long sizeSince = 0;
        while (true) {
            Path file = resolve(params.string("path"));
            if (Files.isRegularFile(file)) {
                long size = Files.size(file);
                if (size != lastSize) {
                    lastSize = size;
                    sizeSince = System.nanoTime();
                }
                boolean ready = (!nonEmpty || size > 0) && System.nanoTime() - sizeSince >= stableFor;
                if (ready) {
                    long waited = (System.nanoTime() - start) / 1_000_000;
                    log().info("%s is there (%d bytes) after %d ms", params.string("path"), size, waited);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("path", params.string("path"));
                    result.put("bytes", size);
                    result.put("waited_ms", waited);
                    return result;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(params.string("path") + (lastSize < 0 ? " did not appear" : " was not ready ("
                        + lastSize + " bytes)") + " within " + Support.number(params, "timeout_s", 30) + " s");
            }
            Thread.sleep(poll);
        }
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.WaitForFile --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new WaitForFile(), args);
    }
}
