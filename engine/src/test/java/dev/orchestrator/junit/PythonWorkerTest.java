package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Survivors;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Python steps as children of the launch's warm worker (docs/processes.md): what a step sees is what a spawned
 * interpreter would see, nothing of one step reaches the next, and nothing of the worker outlives the launch.
 */
class PythonWorkerTest {

    private static final String FORKED = "forked by the python worker";

    @TempDir
    Path dir;

    private Workspace ws;
    private String marker;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
        ws.file("Data/.keep", "");
        ws.file("steps/__init__.py", "");
        marker = "worker_probe_" + UUID.randomUUID().toString().replace("-", "");
        ws.file("steps/probe.py", """
                import json, os, subprocess, sys, time
                from scriptlets.python.core.base import BaseScriptlet
                STATE = {"calls": 0}

                class Seen(BaseScriptlet):
                    def run(self, ctx, params):
                        STATE["calls"] += 1
                        print("printed by " + os.environ["ORCH_STEP"])
                        print("warned by " + os.environ["ORCH_STEP"], file=sys.stderr)
                        seen = {"ppid": os.getppid(), "cwd": os.getcwd(), "argv": sys.argv[1:],
                                "probe": os.environ.get("PROBE"), "ctx": os.environ.get("CTX_GREETING"),
                                "calls": STATE["calls"], "leader": os.getsid(0) == os.getpid()}
                        with open(os.path.join("Data", os.environ["ORCH_STEP"] + ".json"), "w") as f:
                            json.dump(seen, f)
                        return seen

                class Boom(BaseScriptlet):
                    def run(self, ctx, params):
                        raise RuntimeError("sensor offline")

                class Exit77(BaseScriptlet):
                    def run(self, ctx, params):
                        sys.exit(77)

                class Hang(BaseScriptlet):
                    def run(self, ctx, params):
                        subprocess.Popen(["bash", "-c", "sleep 300 & wait"])
                        subprocess.Popen(["setsid", "sleep", "300"])
                        time.sleep(300)
                """);
    }

    private EngineExecutionResults run(String testId, String steps, String... config) {
        Path recipe = ws.recipe(testId + ".yaml", "test_meta: {test_id: " + testId
                + ", tester: qa, description: worker}\nsteps:\n" + steps);
        EngineRun engine = EngineRun.in(ws);
        for (int i = 0; i < config.length; i += 2) {
            engine.config(config[i], config[i + 1]);
        }
        return engine.execute(selectFile(recipe.toFile()));
    }

    private static String seen(String name, String extra) {
        return "  - {idx: " + Math.abs(name.hashCode() % 1000) + ", name: " + name
                + ", type: python, module: steps.probe, function: Seen" + extra + "}\n";
    }

    private String data(String step) throws IOException {
        return Files.readString(ws.resolve("Data/" + step + ".json"));
    }

    private String log(String step) {
        try (Stream<Path> logs = Files.list(ws.resolve("Logs"))) {
            Path log = logs.filter(p -> p.getFileName().toString().endsWith("_" + step + ".log")).findFirst().orElseThrow();
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ppid(String json) {
        return json.replaceAll(".*\"ppid\": (\\d+).*", "$1");
    }

    @Test
    void stepsAreForkedByOneWorkerAndSeeTheirOwnEnvironmentFolderArgvAndSession() throws Exception {
        run("sees", "  - {idx: 0, name: greet, type: java, class: dev.orchestrator.testing.Scriptlets$Put, "
                + "params: {set: {greeting: hello}}}\n" + seen("first", ", env: {PROBE: p1}") + seen("second", ""))
                .testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        String first = data("first");
        String second = data("second");
        assertThat(first).contains("\"cwd\": \"" + ws.root().toRealPath() + "\"", "\"probe\": \"p1\"",
                "\"ctx\": \"hello\"", "\"argv\": [\"--module\", \"steps.probe\", \"--function\", \"Seen\"]",
                "\"leader\": true");
        assertThat(second).contains("\"probe\": null");
        assertThat(ppid(first)).isEqualTo(ppid(second));
        assertThat(log("first")).contains(FORKED, "printed by first", "warned by first", "process exited with code 0");
        assertThat(log("second")).contains(FORKED, "printed by second").doesNotContain("printed by first");
    }

    @Test
    void moduleStateSetByOneStepIsFreshInTheNext() throws Exception {
        run("state", seen("one", "") + seen("two", "")).testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(data("one")).contains("\"calls\": 1");
        assertThat(data("two")).contains("\"calls\": 1");
    }

    @Test
    void exitCodesAreThoseOfTheBridge() {
        EngineExecutionResults results = run("codes", """
                  - {idx: 1, name: boom, type: python, module: steps.probe, function: Boom, depends_on: []}
                  - {idx: 2, name: exits, type: python, module: steps.probe, function: Exit77, depends_on: []}
                """);
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("boom"), finishedWithFailure(message(m ->
                        m.startsWith("exited with code 1 (failure)") && m.contains("RuntimeError: sensor offline")))))
                .haveExactly(1, event(step("exits"), finishedWithFailure(message(m ->
                        m.startsWith("exited with code 1 (failure)") && m.contains("sys.exit(77)")))));
        assertThat(log("boom")).contains(FORKED);
    }

    @Test
    void aTimeoutKillsTheChildAndWhatItStartedAndTheWorkerServesTheNextStep() throws Exception {
        EngineExecutionResults results = run("hang", "  - {idx: 1, name: hang, type: python, module: steps.probe, "
                + "function: Hang, timeout: 1s, env: {PROBE: " + marker + "}}\n" + seen("after", ", depends_on: []"));
        results.testEvents().assertThatEvents().haveExactly(1, event(step("hang"), finishedWithFailure(
                message(m -> m.startsWith("timed out after 1s; killed the process tree")))));
        assertThat(Survivors.withMarker(marker)).isEmpty();
        assertThat(log("hang")).contains(FORKED);
        assertThat(log("after")).contains(FORKED);
    }

    @Test
    void aPreloadedModuleIsImportedOnceForEveryStepAndNothingOfTheWorkerOutlivesTheLaunch() throws Exception {
        ws.file(marker + ".py", "import os\nwith open(os.path.join('Data', 'imports.txt'), 'a') as f:\n"
                + "    f.write('imported\\n')\n");
        run("preload", seen("a", "") + seen("b", "") + seen("c", ""),
                Constants.PYTHON_PRELOAD, marker + ",no_such_module_anywhere")
                .testEvents().assertStatistics(s -> s.succeeded(3));
        assertThat(Files.readAllLines(ws.resolve("Data/imports.txt"))).containsExactly("imported");
        assertThat(Files.readString(ws.resolve("Logs/orchestrator.log")))
                .contains("WARNING: python worker: cannot preload no_such_module_anywhere");
        // the worker's command line names the preloaded module
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    @Test
    void requiresProcessAndWorkerOffSpawnAnInterpreterPerStep() throws Exception {
        run("fresh", seen("fresh", ", requires_process: true") + seen("warm", ""))
                .testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(log("fresh")).doesNotContain(FORKED).contains("command: ");
        assertThat(log("warm")).contains(FORKED);

        run("off", seen("off_one", "") + seen("off_two", ""), Constants.PYTHON_WORKER, "off")
                .testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(log("off_one")).doesNotContain(FORKED);
        assertThat(log("off_two")).doesNotContain(FORKED);
    }

    @Test
    void aWorkerKilledBetweenStepsIsStartedAnew() throws Exception {
        ws.file(marker + ".py", "");
        run("restart", seen("before", "") + "  - {idx: 5, name: kill, type: java, class: " + KillWorker.class.getName()
                + ", params: {marker: " + marker + "}}\n" + seen("after_kill", ""), Constants.PYTHON_PRELOAD, marker)
                .testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(log("after_kill")).contains(FORKED);
        assertThat(ppid(data("after_kill"))).isNotEqualTo("0");
        assertThat(Files.readString(ws.resolve("Logs/orchestrator.log")))
                .contains("WARNING: the python worker ended; starting a new one");
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    /** Kills (SIGKILL) every process whose command line or environment holds {@code params.marker}. */
    public static final class KillWorker extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            List<String> found = Survivors.withMarker(params.string("marker"));
            found.forEach(p -> ProcessHandle.of(Long.parseLong(p.substring(0, p.indexOf(' ')))).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().completeOnTimeout(process, 5, java.util.concurrent.TimeUnit.SECONDS).join();
            }));
            if (found.isEmpty()) {
                throw new IllegalStateException("no worker to kill");
            }
            return found.size();
        }
    }

    @Test
    void aBadPreloadValueIsAConfigurationProblemNamingTheKeyAndNothingRuns() {
        EngineExecutionResults results = run("badpreload", seen("never", ""), Constants.PYTHON_PRELOAD,
                "pandas,not a module");
        results.testEvents().assertStatistics(s -> s.started(0));
        results.containerEvents().assertThatEvents().haveAtLeastOne(event(finishedWithFailure(message(m -> m.contains(
                "invalid configuration parameter orchestrator.python.preload='pandas,not a module': expected "
                        + "comma-separated Python module names")))));
    }
}
