package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The warm Python workers of one launch ({@link PythonWorker}): at most one per interpreter and workspace,
 * started by the first python step that needs it, restarted when it died (at most {@value #MAX_STARTS} starts
 * each, then python steps spawn their own interpreter), stopped by {@link #close()} at the end of the launch.
 */
@API(status = INTERNAL)
public final class PythonWorkers implements AutoCloseable {

    /** How often a worker is started in one launch before its steps fall back to spawning for good. */
    static final int MAX_STARTS = 3;

    /**
     * {@code orchestrator.python.worker} and {@code orchestrator.python.preload}.
     *
     * @param enabled whether python steps run in a warm worker where the platform can fork
     * @param preload modules the worker imports once, before any step
     */
    @API(status = INTERNAL)
    public record Config(boolean enabled, List<String> preload) {

        public static final Config DEFAULT = new Config(true, List.of());

        public Config {
            preload = List.copyOf(preload);
        }
    }

    /** Workers that are never started: every python step spawns its interpreter. */
    public static final PythonWorkers OFF = new PythonWorkers(new Config(false, List.of()));

    private final Config config;
    private final Map<String, PythonWorker> workers = new HashMap<>();
    private final Map<String, Integer> starts = new HashMap<>();
    private boolean closed;

    private PythonWorkers(Config config) {
        this.config = config;
    }

    /** The workers of one launch; {@link Config#enabled()} is honoured only where the platform can fork. */
    public static PythonWorkers of(Config config) {
        return new PythonWorkers(config.enabled() && canFork() ? config : new Config(false, config.preload()));
    }

    /** Whether {@code os.fork} exists for the interpreter: every POSIX system, not Windows. */
    static boolean canFork() {
        return !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    boolean enabled() {
        return config.enabled();
    }

    /**
     * The live worker for {@code python} in {@code workspace}, started (or restarted) when needed; empty when
     * workers are off, or it cannot be started (the runner log says why, once per start).
     */
    synchronized Optional<PythonWorker> worker(String python, Path workspace, Containment containment, RunnerLog log)
            throws InterruptedException {
        if (!config.enabled() || closed) {
            return Optional.empty();
        }
        String key = python + "\0" + workspace;
        PythonWorker worker = workers.get(key);
        if (worker != null && worker.alive()) {
            return Optional.of(worker);
        }
        if (worker != null) {
            workers.remove(key);
            worker.close();
            log.line("WARNING: the python worker ended; " + (starts.getOrDefault(key, 0) < MAX_STARTS
                    ? "starting a new one" : "python steps now start their own interpreter"));
        }
        int started = starts.merge(key, 1, Integer::sum);
        if (started > MAX_STARTS) {
            return Optional.empty();
        }
        try {
            worker = PythonWorker.start(python, workspace, config.preload(), containment, log);
        } catch (java.io.IOException | RuntimeException e) {
            log.line("WARNING: python steps start their own interpreter: " + e.getMessage());
            starts.put(key, MAX_STARTS);
            return Optional.empty();
        }
        workers.put(key, worker);
        return Optional.of(worker);
    }

    /** Stops every worker and what it forked; later calls of {@link #worker} find none. */
    @Override
    public void close() {
        List<PythonWorker> stopping;
        synchronized (this) {
            closed = true;
            stopping = new ArrayList<>(workers.values());
            workers.clear();
        }
        stopping.forEach(PythonWorker::close);
    }
}
