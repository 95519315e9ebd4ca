package dev.orchestrator.cli.internal;

import dev.orchestrator.scriptlet.internal.DeclaredParam;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrator doc NAME}: a scriptlet's full documentation block; {@code doc --all}: the catalogue. */
@Command(name = "doc", mixinStandardHelpOptions = true,
        description = "Print a scriptlet's documentation: the Python docstring, the shell header block, "
                + "or the Java @ScriptletDoc, and its declared parameters. --all writes the catalogue of every "
                + "scriptlet as Markdown.")
final class DocCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "NAME", arity = "0..1",
            description = "compute_metrics, preprocess-csv(.sh), set-ctx, SetCtx or dev.orchestrator.scriptlets.SetCtx.")
    String name;

    @Option(names = "--all", description = "Write the catalogue: an index README.md and one page per scriptlet.")
    boolean all;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "docs/scriptlets",
            description = "Where --all writes, relative to the workspace (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws IOException {
        ScriptletCatalog catalog = new ScriptletCatalog(workspace.root());
        PrintWriter out = spec.commandLine().getOut();
        if (all == (name != null)) {
            throw new UsageException("give either a scriptlet NAME or --all");
        }
        if (all) {
            Path dir = workspace.root().resolve(output).normalize();
            int pages = ScriptletPages.write(dir, catalog.all());
            out.println("wrote " + pages + " scriptlet page(s) and " + ScriptletPages.INDEX + " to " + dir);
            return ExitCodes.OK;
        }
        ScriptletCatalog.Entry entry = catalog.find(name)
                .orElseThrow(() -> new UsageException("no scriptlet named '" + name + "' (see orchestrator list scriptlets)"));
        out.println(entry.type() + " scriptlet " + entry.location());
        out.println();
        out.println(entry.doc().isBlank() ? "(no documentation block)" : entry.doc());
        out.println();
        out.println(declared(entry.params().orElse(null)));
        return ExitCodes.OK;
    }

    private static String declared(List<DeclaredParam> params) {
        if (params == null) {
            return "Declared parameters: none (any --name value is accepted)";
        }
        StringBuilder text = new StringBuilder("Declared parameters:");
        params.forEach(p -> text.append("\n  ").append(p.usageLine()));
        return text.toString();
    }
}
