package dev.orchestrator.cli.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.PrintWriter;
import org.apiguardian.api.API;
import picocli.CommandLine;

/**
 * The {@code orchestrator} command: {@code java -jar orchestrator-cli-<version>-all.jar <command> …}, or
 * {@code ./orchestrator <command> …} from the repository root. Exit codes (docs/cli.md): 0 success, 1 a step
 * failed, 2 invalid usage or an invalid recipe.
 */
@API(status = INTERNAL)
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs one command line and returns its exit code instead of exiting; what the command prints goes to
     * {@code out} and {@code err}. Used by {@link #main} and by tests.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(out, err);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new OrchestratorCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof UsageException usage) {
                cmd.getErr().println("error: " + usage.getMessage());
                return ExitCodes.INVALID;
            }
            java.nio.file.FileSystemException path = pathProblem(e);
            if (path != null) {
                // a file or folder the user named (or the workspace) cannot be used: their input, not our bug
                cmd.getErr().println("error: " + describe(path));
                return ExitCodes.INVALID;
            }
            cmd.getErr().println("error: " + e);
            e.printStackTrace(cmd.getErr());
            return ExitCodes.FAILED;
        });
        return commandLine;
    }

    /** The file-system failure behind {@code e} (itself, or what an UncheckedIOException wraps), if any. */
    private static java.nio.file.FileSystemException pathProblem(Throwable e) {
        Throwable cause = e instanceof java.io.UncheckedIOException unchecked ? unchecked.getCause() : e;
        return cause instanceof java.nio.file.FileSystemException fs ? fs : null;
    }

    /**
     * An I/O failure in a few words, for a one-line message: the JDK's file-system exceptions carry only the
     * path as their message, so the kind of failure is named too ({@code no such file or folder: /proc/x.dot}).
     */
    static String describe(java.io.IOException e) {
        String kind = null;
        if (e instanceof java.nio.file.NoSuchFileException) {
            kind = "no such file or folder";
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            kind = "a file is in the way";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            kind = "permission denied";
        } else if (e instanceof java.nio.file.NotDirectoryException) {
            kind = "not a folder";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return kind == null ? message : kind + ": " + message;
    }
}
