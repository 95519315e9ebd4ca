package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The runner's own log, Logs/orchestrator.log, and warnings that reach it. */
class RunnerLogTest {

    private static final String S = "dev.orchestrator.testing.Scriptlets$";

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
    }

    @Test
    void theRunnerLogTellsWhatRanAndHowItEnded() throws Exception {
        ws.recipe("good.yaml", """
                test_meta: {test_id: good, tester: qa, description: log}
                steps:
                  - {idx: 1, name: ok, type: java, class: %1$sPut}
                  - {idx: 2, name: broken, type: java, class: %1$sFail, params: {message: disk on fire}}
                  - {idx: 3, name: after, type: java, class: %1$sPut}
                """.formatted(S));
        ws.recipe("one.yaml", """
                test_meta: {test_id: one, tester: qa, description: one step}
                steps:
                  - {idx: 1, name: only, type: java, class: %1$sPut}
                """.formatted(S));
        ws.recipe("bad.yaml", "test_meta: {test_id: bad, tester: qa, description: x}\nsteps:\n  - {idx: 1, name: a, type: jav}\n");
        EngineRun.in(ws).config(Constants.REPORTS, "none").execute(selectDirectory(ws.resolve("recipes").toFile()));
        List<String> log = Files.readAllLines(ws.resolve("Logs/orchestrator.log"));
        assertThat(String.join("\n", log))
                .contains("run test-run started in " + ws.root())
                .contains("recipe good started (recipes/good.yaml, 3 steps)")
                .contains("recipe one started (recipes/one.yaml, 1 step)")
                .containsPattern("step good/ok PASSED after [0-9.]+ ms, 1 attempt, log \\S+_ok\\.log")
                .contains("step good/broken FAILED")
                .contains(": disk on fire")
                .contains("step good/after SKIPPED: dependency broken failed")
                .contains("recipe recipes/bad.yaml is invalid")
                .contains("run test-run finished: 2 passed, 1 failed, 1 skipped");
    }

    @Test
    void aCheckpointThatCannotBeWrittenIsAWarningNotAFailure() throws Exception {
        ws.file("Data/ctx", "a file where the checkpoint folder should be");
        Path recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: nockpt, tester: qa, description: x}
                steps:
                  - {idx: 1, name: only, type: java, class: %1$sPut}
                """.formatted(S));
        EngineExecutionResults results = EngineRun.in(ws).execute(
                org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(recipe.toFile()));
        results.testEvents().assertThatEvents().haveExactly(1, event(step("only"), finishedSuccessfully()));
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("warning"))
                .filter(w -> w != null))
                .singleElement().asString().contains("cannot write the ctx checkpoint");
        assertThat(Files.readString(ws.resolve("Logs/orchestrator.log"))).contains("step nockpt/only WARNING: cannot write");
    }
}
