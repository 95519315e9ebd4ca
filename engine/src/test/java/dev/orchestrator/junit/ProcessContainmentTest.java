package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Survivors;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * No process a step starts outlives the step, on any exit path, even when it leaves the step's process group
 * and session ({@code setsid}) or is orphaned by a double fork; the launch wrapper keeps what the step sees
 * (argv, environment, working folder, exit code) as it was; resource figures are the step's own.
 */
class ProcessContainmentTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private String marker;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
        ws.file("Data/.keep", "");
        marker = "containment-probe-" + UUID.randomUUID();
    }

    private EngineExecutionResults run(String testId, String steps) {
        Path recipe = ws.recipe(testId + ".yaml",
                "test_meta: {test_id: " + testId + ", tester: qa, description: containment}\nsteps:\n" + steps);
        return EngineRun.in(ws).execute(selectFile(recipe.toFile()));
    }

    private String shellStep(String name, String body, String extra) {
        Path file = ws.file("scriptlets/shell/" + name + ".sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\n" + body + "\n");
        file.toFile().setExecutable(true);
        return "  - {idx: 1, name: " + name + ", type: shell, cmd: scriptlets/shell/" + name + ".sh, env: {PROBE: "
                + marker + "}" + extra + "}\n";
    }

    @Test
    void aDaemonStartedWithSetsidByAStepThatExitsZeroDiesWithTheStep() {
        run("daemon", shellStep("daemon", "setsid sleep 300 &\necho started", ""))
                .testEvents().assertThatEvents().haveExactly(1, event(finishedSuccessfully()));
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    @Test
    void aDoubleForkedDaemonOfATimedOutStepIsKilledAndTheMessageSaysSoTruthfully() {
        run("hang", shellStep("hang", "( setsid sleep 300 & )\n( sleep 300 & )\nsleep 300", ", timeout: 1s"))
                .testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                        message(m -> m.startsWith("timed out after 1s; killed the process tree")))));
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    @Test
    void aFailingStepLeavesNeitherItsDaemonsNorItsBridgeFolder() throws Exception {
        run("fails", shellStep("fails", """
                dirname "$ORCH_CTX_FILE" > "$ORCH_WORKSPACE/Data/bridge.txt"
                nohup setsid sleep 300 >/dev/null 2>&1 &
                exit 1""", ""))
                .testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                        message(m -> m.startsWith("exited with code 1")))));
        assertThat(Survivors.withMarker(marker)).isEmpty();
        Path bridge = Path.of(Files.readString(ws.resolve("Data/bridge.txt")).strip());
        assertThat(bridge.getFileName().toString()).startsWith("orchestrator-");
        assertThat(bridge).doesNotExist();
    }

    @Test
    void theStepSeesItsOwnArgvEnvironmentAndWorkingFolderAndItsExitCodeIsKept() throws Exception {
        run("sees", shellStep("sees", """
                { pwd; printf '<%s>' "$@"; echo; echo "$PROBE"; } > "$ORCH_WORKSPACE/Data/seen.txt"
                exit 3""", ", args: {name: 'two words', quote: \"it's\"}"))
                .testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                        message(m -> m.startsWith("exited with code 3")))));
        assertThat(Files.readAllLines(ws.resolve("Data/seen.txt"))).containsExactly(
                ws.root().toRealPath().toString(), "<--name><two words><--quote><it's>", marker);
    }

    @Test
    void aStepCanStillKillItselfWithASignal() {
        run("suicide", shellStep("suicide", "kill -TERM $$\nsleep 5", ""))
                .testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                        message(m -> m.startsWith("killed by signal 15")))));
    }

    // the peak memory of a Python step, as the run database records it: StepResourcesTest of the database plugin
}
