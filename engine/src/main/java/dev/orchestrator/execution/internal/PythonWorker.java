package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One warm Python interpreter ({@code scriptlets/python/core/worker.py}) that forks a child per python step.
 * The engine is the only one that can talk to it: requests go to its stdin and replies come from its stdout,
 * one JSON object a line (the protocol is in the worker's docstring); its stderr goes to the runner log. It is
 * launched like a process step ({@link ProcessLaunch}: {@link Containment}, {@link LiveSteps}), so that it is
 * killed, with everything it forked, when the launch ends or the JVM shuts down.
 */
final class PythonWorker {

    /** The Python module the worker runs. */
    static final String MODULE = "scriptlets.python.core.worker";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    /** What the worker said about one step's child. */
    record Exit(int code, Duration cpu, long maxRssBytes) {
    }

    /** One forked child: {@code started} completes with its pid (or fails: nothing was started). */
    static final class Child {
        final String id;
        final CompletableFuture<Long> started = new CompletableFuture<>();
        final CompletableFuture<Exit> exited = new CompletableFuture<>();

        private Child(String id) {
            this.id = id;
        }
    }

    private final Process process;
    private final ProcessLaunch launch;
    private final OutputStream channel;
    private final Map<String, String> pythonVariables;
    private final Map<String, Child> children = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private volatile boolean dead;
    private Thread errors;

    private PythonWorker(Process process, ProcessLaunch launch) {
        this.process = process;
        this.launch = launch;
        this.channel = process.getOutputStream();
        this.pythonVariables = pythonVariables(launch.environment());
    }

    /**
     * Starts a worker for {@code python} in {@code workspace} and waits until it is ready (its preloads done).
     *
     * @throws IOException when it cannot start or does not become ready (the caller spawns steps instead)
     */
    static PythonWorker start(String python, Path workspace, List<String> preload, Containment containment,
                              RunnerLog runnerLog) throws IOException, InterruptedException {
        List<String> command = List.of(python, "-m", MODULE, "--preload", String.join(",", preload));
        ProcessLaunch launch = ProcessLaunch.of("python-worker", command, workspace, containment);
        Process process;
        // started from a thread that lives as long as the worker: the launch wrapper's parent-death signal follows
        // the starting thread, and the step thread that needs the worker first may end long before the launch
        CompletableFuture<Void> released = new CompletableFuture<>();
        try {
            // inside the try: a failure to unpack the bundled scriptlets must not leave the launch registered
            BundledScriptlets.shared().exposeTo(launch.environment(), workspace);
            process = launch.start(released);
        } catch (IOException | InterruptedException | RuntimeException e) {
            released.complete(null);
            launch.finish();
            throw e;
        }
        process.onExit().thenRun(() -> released.complete(null));
        PythonWorker worker = new PythonWorker(process, launch);
        worker.listen(runnerLog);
        try {
            JsonNode hello = worker.ready.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            runnerLog.line("python worker started (pid " + hello.path("pid").asLong() + ", " + python
                    + (preload.isEmpty() ? "" : ", preloaded " + hello.path("preloaded")) + ")");
            return worker;
        } catch (InterruptedException e) {
            worker.close();
            throw e;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            worker.close();
            throw new IOException("the python worker did not start: " + (e.getCause() != null ? e.getCause().getMessage()
                    : "not ready within " + READY_WITHIN.toSeconds() + " s"));
        }
    }

    private void listen(RunnerLog runnerLog) {
        Thread replies = new Thread(this::readReplies, "orchestrator-python-worker");
        replies.setDaemon(true);
        replies.start();
        errors = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    runnerLog.line(line.startsWith("WARNING:") ? line : "python worker: " + line);
                }
            } catch (IOException closed) {
                // the worker ended
            }
        }, "orchestrator-python-worker-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    private void readReplies() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode reply = JSON.readTree(line);
                String event = reply.path("event").asText();
                if (event.equals("ready")) {
                    ready.complete(reply);
                    continue;
                }
                Child child = children.get(reply.path("id").asText());
                if (child == null) {
                    continue;
                }
                switch (event) {
                    case "started" -> child.started.complete(reply.path("pid").asLong());
                    case "error" -> {
                        children.remove(child.id);
                        child.started.completeExceptionally(new IOException(reply.path("message").asText()));
                    }
                    case "exited" -> {
                        children.remove(child.id);
                        child.exited.complete(new Exit(reply.path("code").asInt(),
                                Duration.ofNanos((long) (reply.path("cpu_s").asDouble() * 1e9)),
                                reply.path("maxrss_kb").asLong(-1) * 1024));
                    }
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException broken) {
            // the worker died or wrote something else than the protocol: treated as dead below
        }
        dead = true;
        IOException gone = new IOException("the python worker ended");
        ready.completeExceptionally(gone);
        children.values().forEach(c -> {
            c.started.completeExceptionally(gone);
            c.exited.completeExceptionally(gone);
        });
        children.clear();
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    /**
     * Whether a step with this environment may run here: the variables the interpreter reads at start-up
     * ({@code PYTHON*}) must be those the worker started with, or the step needs an interpreter of its own.
     */
    boolean serves(Map<String, String> stepEnv) {
        return pythonVariables.equals(pythonVariables(stepEnv));
    }

    /** Asks for a child running the bridge with {@code args}; see {@link Child}. */
    Child run(List<String> args, Map<String, String> env, Path cwd, Path stdout, Path stderr) {
        Child child = new Child(Long.toString(ids.incrementAndGet()));
        children.put(child.id, child);
        ObjectNode request = JSON.createObjectNode().put("op", "run").put("id", child.id);
        args.forEach(request.putArray("args")::add);
        ObjectNode environment = request.putObject("env");
        env.forEach(environment::put);
        request.put("cwd", cwd.toString()).put("stdout", stdout.toString()).put("stderr", stderr.toString());
        if (!send(request) || dead) {
            children.remove(child.id);
            child.started.completeExceptionally(new IOException("the python worker ended"));
        }
        return child;
    }

    /** Kills a child and every process of its session; the worker then reports its exit. */
    void kill(Child child) {
        send(JSON.createObjectNode().put("op", "kill").put("id", child.id));
    }

    private synchronized boolean send(ObjectNode message) {
        try {
            channel.write((message.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            channel.flush();
            return true;
        } catch (IOException e) {
            dead = true;
            return false;
        }
    }

    /** Stops the worker: its channel closed, then it and everything it forked killed; its children fail. */
    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            errors.join(1000); // what the worker said last is in the runner log before the launch ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launch.finish(); // kills what is left: the tree, and in MARKER mode the tagged processes
    }

    private static Map<String, String> pythonVariables(Map<String, String> env) {
        Map<String, String> python = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("PYTHON")) {
                python.put(k, v);
            }
        });
        return python;
    }
}
