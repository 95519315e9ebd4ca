package dev.orchestrator.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --workspace DIR} option every command shares (docs/architecture.md; default: the current directory). */
final class WorkspaceOption {

    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR",
            description = "The workspace folder (recipes/, scriptlets/, Data/, Logs/). Default: the current directory.")
    Path workspace;

    /** The workspace as an absolute, normalised path. */
    Path root() {
        Path root = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new UsageException("workspace " + root + " is not a folder");
        }
        return root;
    }
}
