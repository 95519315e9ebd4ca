package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/** A step whose assumption does not hold is aborted, not failed (docs/recipes.md): in process, in a child JVM, in a shell. */
class AbortedStepTest {

    private static final String A = "dev.orchestrator.testing.AbortingScriptlets$";
    private static final String S = "dev.orchestrator.testing.Scriptlets$";

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
    }

    private EngineExecutionResults run(String testId, String steps) {
        Path recipe = ws.recipe(testId + ".yaml",
                "test_meta: {test_id: " + testId + ", tester: qa, description: aborted steps}\nsteps:\n" + steps);
        return EngineRun.in(ws).execute(selectFile(recipe.toFile()));
    }

    @Test
    void aFailedAssumptionAbortsTheStepWithItsMessage() {
        EngineExecutionResults results = run("assume", """
                  - {idx: 1, name: check, type: java, class: %sAssume, params: {message: no data today}}
                """.formatted(A));
        results.testEvents().assertStatistics(s -> s.started(1).aborted(1).failed(0).succeeded(0));
        results.testEvents().assertThatEvents().haveExactly(1, event(step("check"),
                abortedWithReason(instanceOf(TestAbortedException.class), message(m -> m.contains("no data today")))));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void anAssumptionThatHoldsLetsTheStepPass() {
        run("holds", """
                  - {idx: 1, name: check, type: java, class: %sAssume, params: {holds: true}}
                """.formatted(A)).testEvents().assertStatistics(s -> s.succeeded(1).aborted(0));
    }

    @Test
    void skipsDependentsOfAnAbortedStepButNotIndependentOnes() {
        EngineExecutionResults results = run("deps", """
                  - {idx: 1, name: gate, type: java, class: %1$sAbort, params: {message: staging only}}
                  - {idx: 2, name: after, type: java, class: %2$sPut}
                  - {idx: 3, name: after_after, type: java, class: %2$sPut}
                  - {idx: 4, name: independent, type: java, class: %2$sPut, depends_on: []}
                """.formatted(A, S));
        results.testEvents().assertStatistics(s -> s.aborted(1).skipped(2).succeeded(1).failed(0));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("gate"), abortedWithReason(message("staging only"))))
                .haveExactly(1, event(step("after"), skippedWithReason("dependency gate was aborted")))
                .haveExactly(1, event(step("after_after"), skippedWithReason("dependency after was skipped")))
                .haveExactly(1, event(step("independent"), finishedSuccessfully()));
    }

    @Test
    void anAbortedStepIsNotRetried() throws Exception {
        EngineExecutionResults results = run("retry", """
                  - {idx: 1, name: check, type: java, class: %sAssume, retries: 3}
                """.formatted(A));
        results.testEvents().assertStatistics(s -> s.aborted(1));
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("attempts")))
                .containsExactly("1");
        assertThat(CheckpointStores.forWorkspace(ws.root()).load("retry", "check").orElseThrow()
                .values().get("attempts").asInt()).isEqualTo(1);
        String log = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("log"))
                .findFirst().orElseThrow();
        assertThat(java.nio.file.Files.readString(Path.of(log)))
                .contains("attempt 1 aborted: Assumption failed: no data today", "status ABORTED after 1 attempt");
    }

    @Test
    void aFailFastRecipeGoesOnAfterAnAbortedStep() {
        Path recipe = ws.recipe("ff.yaml", """
                test_meta: {test_id: ff, tester: qa, description: fail fast}
                settings: {fail_fast: true}
                steps:
                  - {idx: 1, name: gate, type: java, class: %1$sAbort}
                  - {idx: 2, name: independent, type: java, class: %2$sPut, depends_on: []}
                """.formatted(A, S));
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents()
                .assertStatistics(s -> s.aborted(1).succeeded(1).skipped(0));
    }

    @Test
    void aJavaStepInAChildJvmIsAbortedThroughTheBridge() {
        ws.withBridges();
        run("child", """
                  - {idx: 1, name: check, type: java, class: %sAssume, requires_process: true, timeout: 60s}
                """.formatted(A)).testEvents().assertThatEvents().haveExactly(1, event(step("check"),
                        abortedWithReason(message(m -> m.startsWith("aborted: exited with code 77")
                                && m.contains("no data today")))));
    }

    @Test
    void aShellStepThatExits77IsAborted() {
        ws.withBridges();
        Path script = ws.file("scriptlets/shell/gate.sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\n"
                + "echo 'no VPN here' >&2\nexit 77\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        EngineExecutionResults results = run("shell", """
                  - {idx: 1, name: gate, type: shell, cmd: scriptlets/shell/gate.sh}
                  - {idx: 2, name: after, type: java, class: %sPut}
                """.formatted(S));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("gate"), abortedWithReason(
                        message(m -> m.startsWith("aborted: exited with code 77") && m.contains("no VPN here")))))
                .haveExactly(1, event(step("after"), skippedWithReason("dependency gate was aborted")));
    }
}
