package dev.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrator doc NAME}: a scriptlet's full documentation block. */
@Command(name = "doc", mixinStandardHelpOptions = true,
        description = "Print a scriptlet's documentation: the Python docstring, the shell header block, "
                + "or the Java @ScriptletDoc.")
final class DocCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "NAME",
            description = "compute_metrics, preprocess-csv(.sh), set-ctx, SetCtx or dev.orchestrator.scriptlets.SetCtx.")
    String name;

    @Override
    public Integer call() {
        ScriptletCatalog.Entry entry = new ScriptletCatalog(workspace.root()).find(name)
                .orElseThrow(() -> new UsageException("no scriptlet named '" + name + "' (see orchestrator list scriptlets)"));
        spec.commandLine().getOut().println(entry.type() + " scriptlet " + entry.location());
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().println(entry.doc().isBlank() ? "(no documentation block)" : entry.doc());
        return ExitCodes.OK;
    }
}
