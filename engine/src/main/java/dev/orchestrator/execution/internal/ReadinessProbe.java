package dev.orchestrator.execution.internal;

import dev.orchestrator.recipe.StepService;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/**
 * One check of a service's {@code ready:} condition (docs/services.md): a TCP connection to 127.0.0.1, an HTTP
 * GET answered with the expected status (never through a proxy), or a line of its output seen by
 * {@link ServiceOutput}. A check never blocks longer than the time it is given.
 */
final class ReadinessProbe {

    private final StepService.Ready ready;
    private final ServiceOutput output;

    ReadinessProbe(StepService.Ready ready, ServiceOutput output) {
        this.ready = ready;
        this.output = output;
    }

    /** Empty when the service is ready; otherwise why not yet, for the message of a service that never is. */
    Optional<String> check(Duration within) {
        int millis = (int) Math.max(50, Math.min(1000, within.toMillis()));
        if (ready instanceof StepService.Ready.Port port) {
            return port(port.port(), millis);
        }
        if (ready instanceof StepService.Ready.Http http) {
            return http(http, millis);
        }
        if (ready instanceof StepService.Ready.Log) {
            return output.sawReadyLine() ? Optional.empty() : Optional.of("no matching line yet");
        }
        return Optional.empty();
    }

    private static Optional<String> port(int port, int millis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), millis);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("127.0.0.1:" + port + ": " + e.getMessage());
        }
    }

    private static Optional<String> http(StepService.Ready.Http http, int millis) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) http.url().toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            drain(connection);
            boolean ok = http.status() == null ? status >= 200 && status < 300 : status == http.status();
            return ok ? Optional.empty() : Optional.of("answered " + status);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** Reads what the server sent, so that it is not left writing into a closed connection. */
    private static void drain(HttpURLConnection connection) {
        try (InputStream body = connection.getResponseCode() < 400 ? connection.getInputStream()
                : connection.getErrorStream()) {
            if (body != null) {
                body.readNBytes(64 * 1024);
            }
        } catch (IOException ignored) {
            // the status is what counts
        }
    }
}
