package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;

/**
 * Waits until a TCP port accepts connections, or an HTTP(S) URL answers with the expected status; fails
 * after a timeout naming the last error.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 3
 *   name: wait_for_server
 *   type: java
 *   class: dev.orchestrator.scriptlets.WaitForService
 *   params: {port_ref: web_port, timeout_s: 20}
 * </pre>
 */
@ScriptletDoc(
        name = "wait-for-service",
        description = "Wait until a TCP port accepts connections or an HTTP URL answers; fail after a timeout.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.WaitForService (--port N [--host H] | --url URL) [--timeout_s 30]",
        params = {
            @Param(name = "host", defaultValue = "127.0.0.1", help = "TCP: the host"),
            @Param(name = "port", type = ParamType.INT, help = "TCP: the port"),
            @Param(name = "port_ref", help = "TCP: or a ctx reference holding the port (e.g. what background-process's free_port stored)"),
            @Param(name = "url", help = "HTTP: the URL to GET ({{ref}} placeholders filled from ctx)"),
            @Param(name = "expect_status", type = ParamType.INT, defaultValue = "200", help = "HTTP: the status that means ready"),
            @Param(name = "timeout_s", type = ParamType.NUMBER, defaultValue = "30", help = "give up after this many seconds"),
            @Param(name = "poll_ms", type = ParamType.INT, defaultValue = "200", help = "pause between attempts")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.WaitForService --url http://127.0.0.1:8080/health --timeout_s 10"},
        limitations = "HTTP: plain GET with the JDK's trust store; use http-request for anything more.")
@API(status = EXPERIMENTAL)
public final class WaitForService extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        int given = (params.has("port") ? 1 : 0) + (params.has("port_ref") ? 1 : 0) + (params.has("url") ? 1 : 0);
        if (given != 1) {
            throw new InvalidParamsException("give exactly one of 'port', 'port_ref' and 'url'");
        }
        Support.millis(params, "timeout_s", 30);
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Support.millis(params, "timeout_s", 30) * 1_000_000;
        long poll = Math.max(1, params.integer("poll_ms", 200));
        String target;
        Probe probe;
        if (params.has("url")) {
            String url = Support.render(params.string("url"), ctx);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long expected = params.integer("expect_status", 200);
            target = url;
            probe = () -> {
                HttpResponse<Void> response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != expected) {
                    throw new IOException("status " + response.statusCode() + ", waiting for " + expected);
                }
            };
        } else {
            String host = params.optionalString("host").orElse("127.0.0.1");
            int port = port(params, ctx);
            target = host + ":" + port;
            probe = () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(host, port), 1000);
                }
            };
        }
        int attempts = 0;
        String lastError = "";
        while (true) {
            attempts++;
            try {
                probe.check();
                long waited = (System.nanoTime() - start) / 1_000_000;
                log().info("%s ready after %d ms (%d %s)", target, waited, attempts, attempts == 1 ? "attempt" : "attempts");
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("target", target);
                result.put("waited_ms", waited);
                result.put("attempts", attempts);
                return result;
            } catch (IOException e) {
                lastError = String.valueOf(e.getMessage());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(target + " not ready within " + Support.number(params, "timeout_s", 30)
                        + " s after " + attempts + (attempts == 1 ? " attempt" : " attempts") + "; last: " + lastError);
            }
            Thread.sleep(poll);
        }
    }

    private static int port(Params params, Context ctx) {
        long port;
        if (params.has("port")) {
            port = params.integer("port", 0);
        } else {
            JsonNode value = Support.ref(ctx, params.string("port_ref"));
            if (value == null || !value.canConvertToLong() && !value.asText().matches("\\d+")) {
                throw new IllegalStateException("ctx '" + params.string("port_ref") + "' holds no port: " + Support.shown(value));
            }
            port = value.isNumber() ? value.asLong() : Long.parseLong(value.asText());
        }
        if (port < 1 || port > 65535) {
            throw new InvalidParamsException("port must be 1..65535, found " + port);
        }
        return (int) port;
    }

    @FunctionalInterface
    private interface Probe {
        void check() throws IOException, InterruptedException;
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.WaitForService --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new WaitForService(), args);
    }
}
