package dev.orchestrator.monitor.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orchestrator.report.database.internal.DatabaseTarget;
import dev.orchestrator.report.database.internal.RunReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * The monitor: a web app over the run database ({@code Data/orchestrator.db}) and the step logs of one
 * workspace, served by the JDK's own HTTP server. It only reads. On a loopback address it answers only
 * requests whose {@code Host} is that address (no DNS rebinding); on any other address it requires the
 * token it was started with (query {@code ?token=}, then a cookie).
 */
@API(status = INTERNAL)
public final class Monitor implements AutoCloseable {

    /**
     * What to serve.
     *
     * @param workspace the workspace folder (its {@code Data/orchestrator.db} and {@code Logs/})
     * @param host      the address to listen on
     * @param port      the port; 0 picks a free one
     */
    public record Options(Path workspace, String host, int port) {
    }

    static final String TOKEN_COOKIE = "orchestrator_monitor";
    private static final Map<String, String> STATIC = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "graph.js", "text/javascript; charset=utf-8",
            "format.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");
    private static final List<String> PAGES = List.of("/", "/run", "/step", "/ctx", "/compare");

    private final HttpServer server;
    private final ExecutorService threads;
    private final RunReader reader;
    private final Events events;
    private final String token;
    private final boolean loopback;
    private final String echarts;

    private Monitor(HttpServer server, ExecutorService threads, RunReader reader, Events events, String token,
                    boolean loopback) {
        this.server = server;
        this.threads = threads;
        this.reader = reader;
        this.events = events;
        this.token = token;
        this.loopback = loopback;
        this.echarts = "META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";
    }

    /** Starts serving; a non-loopback {@code host} gets a fresh random token. */
    public static Monitor start(Options options) throws IOException {
        return start(options, DatabaseTarget.sqlite(options.workspace().toAbsolutePath().normalize()
                .resolve("Data").resolve("orchestrator.db")));
    }

    /** As above, over the run database of {@code database} (SQLite or PostgreSQL). */
    public static Monitor start(Options options, DatabaseTarget database) throws IOException {
        InetAddress address = InetAddress.getByName(options.host());
        boolean loopback = address.isLoopbackAddress();
        String token = loopback ? null : HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        HttpServer server = HttpServer.create(new InetSocketAddress(address, options.port()), 64);
        AtomicInteger count = new AtomicInteger();
        // event streams hold a thread each for their lifetime: a cached pool, daemon threads
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "monitor-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        Path workspace = options.workspace().toAbsolutePath().normalize();
        RunReader reader = RunReader.of(database);
        Events events = new Events(reader);
        Monitor monitor = new Monitor(server, threads, reader, events, token, loopback);
        Api api = new Api(reader, workspace);
        server.createContext("/", exchange -> monitor.handle(exchange, api));
        server.start();
        events.start();
        return monitor;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The token a non-loopback monitor requires; null on loopback. */
    public String token() {
        return token;
    }

    /** The address to open in a browser (with the token when one is required). */
    public URI url() {
        InetSocketAddress at = server.getAddress();
        String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + at.getPort() + "/" + (token == null ? "" : "?token=" + token));
    }

    @Override
    public void close() {
        events.close();
        server.stop(0);
        threads.shutdownNow();
        try {
            reader.close();
        } catch (java.sql.SQLException e) {
            // closing a read-only connection: nothing was written, nothing to lose
        }
    }

    private void handle(HttpExchange exchange, Api api) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
            // nothing inline may run: even an escaping mistake cannot execute a <script> from the data
            exchange.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "read-only: GET only");
                return;
            }
            if (!allowed(exchange)) {
                send(exchange, 403, "text/plain; charset=utf-8",
                        "forbidden: open the address the monitor printed (with its token)");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/events")) {
                events.stream(exchange);
            } else if (path.startsWith("/api/")) {
                Api.Answer answer = api.answer(path.substring("/api/".length()), Query.of(exchange.getRequestURI()));
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                send(exchange, answer.status(), "application/json; charset=utf-8", answer.json());
            } else if (path.equals("/static/echarts.min.js")) {
                resource(exchange, echarts, "text/javascript; charset=utf-8");
            } else if (path.startsWith("/static/") && STATIC.containsKey(path.substring(8))) {
                resource(exchange, "dev/orchestrator/monitor/web/" + path.substring(8), STATIC.get(path.substring(8)));
            } else if (PAGES.contains(path)) {
                resource(exchange, "dev/orchestrator/monitor/web/index.html", "text/html; charset=utf-8");
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found");
            }
        } catch (IOException e) {
            // the browser went away mid-answer: nothing to do
        }
    }

    /** Host check on loopback (against DNS rebinding); token check elsewhere. */
    private boolean allowed(HttpExchange exchange) {
        if (token == null) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null) {
                return false;
            }
            String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                    : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
            return name.equals("localhost") || name.equals("[::1]") || name.startsWith("127.");
        }
        String given = Query.of(exchange.getRequestURI()).get("token");
        if (given != null && same(given, token)) {
            exchange.getResponseHeaders().add("Set-Cookie",
                    TOKEN_COOKIE + "=" + token + "; HttpOnly; SameSite=Strict; Path=/");
            return true;
        }
        String cookies = exchange.getRequestHeaders().getFirst("Cookie");
        if (cookies != null) {
            for (String cookie : cookies.split(";")) {
                String[] kv = cookie.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(TOKEN_COOKIE) && same(kv[1], token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static void resource(HttpExchange exchange, String name, String type) throws IOException {
        try (InputStream in = Monitor.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String echartsVersion() {
        Properties props = new Properties();
        try (InputStream in = Monitor.class.getResourceAsStream("/dev/orchestrator/monitor/monitor.properties")) {
            props.load(in);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("monitor.properties is missing from the jar", e));
        }
        return props.getProperty("echarts.version");
    }

    boolean loopback() {
        return loopback;
    }
}
