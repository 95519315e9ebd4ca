package dev.orchestrator.monitor.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.orchestrator.report.database.internal.RunReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events: one poller reads the database's {@code data_version} every {@link #POLL_MS} ms (a
 * cheap pragma) and every open page is told {@code change} when another process committed something, so
 * it re-reads what it shows. Each stream holds one thread while open.
 */
final class Events implements AutoCloseable {

    static final long POLL_MS = 200;
    private static final long HEARTBEAT_MS = 15_000;

    private final RunReader reader;
    private final Object lock = new Object();
    private long version = Long.MIN_VALUE;
    private volatile boolean closed;
    private Thread poller;

    Events(RunReader reader) {
        this.reader = reader;
    }

    void start() {
        poller = new Thread(this::poll, "monitor-poller");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (!closed) {
            try {
                long now = reader.dataVersion();
                synchronized (lock) {
                    if (now != version) {
                        version = now;
                        lock.notifyAll();
                    }
                }
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            } catch (java.sql.SQLException | RuntimeException e) {
                // a run is creating or migrating the file: try again at the next tick
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Streams {@code change} events to one page until it goes away or the monitor closes. */
    void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        long seen;
        synchronized (lock) {
            seen = version;
        }
        write(out, "retry: 1000\nevent: hello\ndata: " + seen + "\n\n");
        try {
            while (!closed) {
                long now;
                synchronized (lock) {
                    if (version == seen) {
                        lock.wait(HEARTBEAT_MS);
                    }
                    now = version;
                }
                if (now != seen) {
                    seen = now;
                    write(out, "event: change\ndata: " + now + "\n\n");
                } else {
                    write(out, ": keep-alive\n\n");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        if (poller != null) {
            poller.interrupt();
        }
    }
}
