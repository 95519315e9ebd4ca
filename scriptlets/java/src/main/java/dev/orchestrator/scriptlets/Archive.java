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
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Packs workspace files and folders into a {@code .zip}, {@code .tar.gz} or {@code .tgz} (by the output's
 * name), or unpacks one into a workspace folder ({@code action: unpack}). Unpacking refuses entries that
 * would land outside the target folder ("zip slip"), links and device files, and stops past
 * {@code max_bytes} or {@code max_entries}.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 11
 *   name: bundle_results
 *   type: java
 *   class: dev.orchestrator.scriptlets.Archive
 *   params: {action: pack, inputs: [Data/users.xlsx, reports/summary.md], output: Data/results.zip}
 * - idx: 12
 *   name: unpack_results
 *   type: java
 *   class: dev.orchestrator.scriptlets.Archive
 *   params: {action: unpack, input: Data/results.zip, output: Data/unpacked}
 * </pre>
 */
@ScriptletDoc(
        name = "archive",
        description = "Pack files and folders into a zip or tar.gz, or unpack one, inside the workspace.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.Archive --action pack --inputs a,b --output X.zip | --action unpack --input X.tar.gz --output DIR",
        params = {
            @Param(name = "action", required = true, help = "pack or unpack"),
            @Param(name = "inputs", type = ParamType.LIST, help = "pack: files and folders to put in (folders with their content)"),
            @Param(name = "base", type = ParamType.PATH, help = "pack: entry names are relative to this folder (default: the workspace)"),
            @Param(name = "input", type = ParamType.PATH, help = "unpack: the archive"),
            @Param(name = "output", type = ParamType.PATH, required = true, help = "pack: the archive (.zip, .tar.gz, .tgz); unpack: the folder"),
            @Param(name = "max_bytes", type = ParamType.INT, defaultValue = "1073741824", help = "unpack: stop past this many bytes in total"),
            @Param(name = "max_entries", type = ParamType.INT, defaultValue = "100000", help = "unpack: stop past this many entries")
        },
        examples = {
            "java -cp … dev.orchestrator.scriptlets.Archive --action pack --inputs Data/www --output Data/www.tar.gz",
            "java -cp … dev.orchestrator.scriptlets.Archive --action unpack --input Data/www.tar.gz --output Data/copy"
        },
        limitations = "Packing follows no links and stores no permissions beyond the tar default; unpacking skips "
                + "nothing silently: a link, device or escaping entry fails the step. Existing files are overwritten.")
@API(status = EXPERIMENTAL)
public final class Archive extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        String action = params.string("action");
        Path output = resolve(params.string("output"));
        if (action.equals("pack")) {
            for (String input : Support.requiredList(params, "inputs")) {
                if (!Files.exists(resolve(input))) {
                    throw new InvalidParamsException("input not found: " + input);
                }
            }
            params.optionalString("base").ifPresent(this::resolve);
            Archives.format(output);
        } else if (action.equals("unpack")) {
            Path input = resolve(params.string("input"));
            if (!Files.isRegularFile(input)) {
                throw new InvalidParamsException("archive not found: " + params.string("input"));
            }
            Archives.format(input);
        } else {
            throw new InvalidParamsException("parameter 'action' must be pack or unpack, found '" + action + "'");
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        Path output = resolve(params.string("output"));
        if (params.string("action").equals("pack")) {
            Path base = resolve(params.optionalString("base").orElse("."));
            var inputs = params.strings("inputs").stream().map(this::resolve).toList();
            for (Path input : inputs) {
                if (!input.startsWith(base)) {
                    throw new InvalidParamsException("input " + workspace().relativize(input) + " is not inside base " + base);
                }
            }
            int entries = Archives.pack(base, inputs, output);
            log().info("packed %d file(s) into %s", entries, params.string("output"));
            return Map.of("output", params.string("output"), "entries", entries, "bytes", Files.size(output));
        }
        Archives.Limits limits = new Archives.Limits(params.integer("max_bytes", 1L << 30), params.integer("max_entries", 100_000));
        Archives.Unpacked unpacked = Archives.unpack(resolve(params.string("input")), output, limits);
        log().info("unpacked %d file(s), %d bytes into %s", unpacked.files(), unpacked.bytes(), params.string("output"));
        return Map.of("output", params.string("output"), "entries", unpacked.files(), "bytes", unpacked.bytes());
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.Archive --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new Archive(), args);
    }
}
