package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * Starts a command in the background for later steps (a local HTTP server, a stub service) and stops it in a
 * later step. {@code free_port: KEY} first stores a free 127.0.0.1 port under ctx {@code KEY}, so the argv can
 * say {@code "{{KEY}}"}. The output goes to {@code log_file}. A process nobody stops is killed after
 * {@code max_lifetime_s} and when the JVM ends (a recipe whose stop step is skipped leaves nothing behind
 * once the run's JVM exits). Stores {@code <save_as> = {"pid": …, "log_file": …}}.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 2
 *   name: start_server
 *   type: java
 *   class: dev.orchestrator.scriptlets.BackgroundProcess
 *   params:
 *     action: start
 *     name: web
 *     free_port: web_port
 *     argv: [python3, -m, http.server, "{{web_port}}", --bind, 127.0.0.1, --directory, Data/www]
 * - idx: 9
 *   name: stop_server
 *   type: java
 *   class: dev.orchestrator.scriptlets.BackgroundProcess
 *   params: {action: stop, name: web}
 * </pre>
 */
@ScriptletDoc(
        name = "background-process",
        description = "Start a command in the background (optionally on a free port) or stop one started earlier.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.BackgroundProcess --action start --name web --argv '[…]' | --action stop --name web",
        params = {
            @Param(name = "action", required = true, help = "start or stop"),
            @Param(name = "name", defaultValue = "service", help = "the process's name within the recipe's run"),
            @Param(name = "argv", type = ParamType.LIST, help = "start: the program and its arguments; {{ref}} placeholders are filled from ctx"),
            @Param(name = "cwd", type = ParamType.PATH, defaultValue = ".", help = "start: working folder, in the workspace"),
            @Param(name = "env", type = ParamType.MAP, help = "start: extra environment variables"),
            @Param(name = "free_port", help = "start: ctx key to store a free 127.0.0.1 port under, before the argv is filled"),
            @Param(name = "log_file", type = ParamType.PATH, help = "start: where stdout and stderr go (default Logs/<name>.process.log)"),
            @Param(name = "max_lifetime_s", type = ParamType.NUMBER, defaultValue = "600", help = "start: kill it after this long at the latest"),
            @Param(name = "grace_s", type = ParamType.NUMBER, defaultValue = "5", help = "stop: wait this long after SIGTERM before SIGKILL"),
            @Param(name = "save_as", help = "start: ctx key of {pid, log_file} (default: process_<name>)")
        },
        examples = {"(in a recipe: start and stop are two steps; run alone, start is stopped when the JVM exits)"},
        limitations = "The process runs from the engine's JVM, outside the containment of shell and Python steps: it is killed "
                + "by the stop step, at max_lifetime_s or when the JVM exits normally, not after kill -9 of the JVM. "
                + "A process that is stopped also loses the children it started, while they are still its descendants.")
@API(status = EXPERIMENTAL)
public final class BackgroundProcess extends BaseScriptlet {

    private static final Map<String, Process> RUNNING = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService REAPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "orchestrator-background-process-reaper");
        thread.setDaemon(true);
        return thread;
    });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.values().forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }), "orchestrator-background-process-shutdown"));
    }

    @Override
    public void validate(Context ctx, Params params) {
        String action = params.string("action");
        if (action.equals("start")) {
            Support.requiredList(params, "argv");
            params.optionalString("cwd").ifPresent(this::resolve);
            params.optionalString("log_file").ifPresent(this::resolve);
        } else if (!action.equals("stop")) {
            throw new InvalidParamsException("parameter 'action' must be start or stop, found '" + action + "'");
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        String name = params.optionalString("name").orElse("service");
        String id = ctx.runId() + "/" + ctx.recipe() + "/" + name;
        return params.string("action").equals("start") ? start(ctx, params, name, id) : stop(params, name, id);
    }

    private Object start(Context ctx, Params params, String name, String id) throws IOException {
        Process running = RUNNING.get(id);
        if (running != null && running.isAlive()) {
            throw new IllegalStateException("a process named '" + name + "' is already running (pid " + running.pid() + ")");
        }
        params.optionalString("free_port").ifPresent(key -> ctx.set(key, freePort()));
        ProcessBuilder builder = Processes.builder(params, ctx, this::resolve);
        String logName = params.optionalString("log_file").orElse("Logs/" + name + ".process.log");
        Path logFile = resolve(logName);
        Files.createDirectories(logFile.getParent());
        builder.redirectErrorStream(true).redirectOutput(logFile.toFile()).redirectInput(Processes.devNull());
        log().info("start %s: %s (output: %s)", name, Processes.shown(builder.command()), logName);
        Process process = builder.start();
        RUNNING.put(id, process);
        long lifetime = Support.millis(params, "max_lifetime_s", 600);
        REAPER.schedule(() -> {
            if (RUNNING.remove(id, process) && process.isAlive()) {
                try {
                    Processes.killTree(process, 2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, lifetime, TimeUnit.MILLISECONDS);
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("pid", process.pid());
        saved.put("log_file", logName);
        ctx.set(params.optionalString("save_as").orElse("process_" + name), saved);
        return saved;
    }

    private Object stop(Params params, String name, String id) throws InterruptedException {
        Process process = RUNNING.remove(id);
        if (process == null) {
            log().info("no process named '%s' was started in this run: nothing to stop", name);
            return Map.of("stopped", false);
        }
        boolean wasAlive = process.isAlive();
        Processes.killTree(process, Support.millis(params, "grace_s", 5));
        log().info("stopped %s (pid %d, %s, exit code %d)", name, process.pid(), wasAlive ? "was running" : "had already ended",
                process.exitValue());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stopped", wasAlive);
        result.put("exit_code", process.exitValue());
        return result;
    }

    /** A port free on 127.0.0.1 right now (another process could still take it before the command binds it). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Whether a process of that name is running in that run and recipe (for tests). */
    static boolean isRunning(String runId, String recipe, String name) {
        Process process = RUNNING.get(runId + "/" + recipe + "/" + name);
        return process != null && process.isAlive();
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.BackgroundProcess --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new BackgroundProcess(), args);
    }
}
