package dev.orchestrator.cli.internal;

import dev.orchestrator.monitor.internal.Monitor;
import java.awt.Desktop;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator monitor}: serves the live dashboard of the workspace's run database and logs until
 * stopped (Ctrl-C). Loopback only unless {@code --host} says otherwise; then a token is required.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Serve a live, read-only web dashboard of the runs in Data/orchestrator.db and Logs/.")
final class MonitorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Mixin
    DatabaseOption database;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8050", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}). Any other address requires the printed token.")
    String host;

    @Option(names = "--open", description = "Open the dashboard in the default browser.")
    boolean open;

    /** Counted down by tests to stop the server; the command otherwise serves until the JVM stops. */
    CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65_535) {
            throw new UsageException("--port must be between 0 and 65535, found " + port);
        }
        try (Monitor monitor = Monitor.start(new Monitor.Options(workspace.root(), host, port),
                database.target(workspace.root()))) {
            if (monitor.token() != null) {
                err.println("warning: the monitor listens on " + host + ", not only on this machine; "
                        + "it answers only with the token in the address below");
            }
            out.println("orchestrator monitor: " + monitor.url() + " (Ctrl-C stops it)");
            out.flush();
            if (open) {
                browse(monitor, err);
            }
            stop.await();
        }
        return ExitCodes.OK;
    }

    private static void browse(Monitor monitor, PrintWriter err) {
        try {
            if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(monitor.url());
                return;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // fall through to xdg-open
        }
        try {
            new ProcessBuilder("xdg-open", monitor.url().toString()).inheritIO().start();
        } catch (IOException e) {
            err.println("warning: cannot open a browser (" + e.getMessage() + "); open the address above");
        }
    }
}
