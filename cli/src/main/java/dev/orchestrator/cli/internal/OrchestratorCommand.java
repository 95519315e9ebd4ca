package dev.orchestrator.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command; it only dispatches to its subcommands. */
@Command(name = "orchestrator",
        mixinStandardHelpOptions = true,
        versionProvider = OrchestratorCommand.Version.class,
        description = "Runs and manages YAML recipes of scriptlet steps (the orchestrator JUnit engine).",
        subcommands = {RunCommand.class, ValidateCommand.class, ListCommand.class, DocCommand.class,
                GraphCommand.class, NewCommand.class, HistoryCommand.class, MonitorCommand.class,
                ReportCommand.class, ExportCommand.class, ShardsCommand.class, CacheCommand.class},
        footer = {"", "Exit codes: 0 success, 1 a step failed, 2 invalid usage or invalid recipe."})
final class OrchestratorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    /** The version from the jar's manifest ({@code Implementation-Version}). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = OrchestratorCommand.class.getPackage().getImplementationVersion();
            return new String[] {"orchestrator " + (version == null ? "(development build)" : version)};
        }
    }
}
