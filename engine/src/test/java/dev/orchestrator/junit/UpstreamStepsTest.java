package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * orchestrator.upstream: a step picked by a tag filter (or a line, a unique id, a rerun) whose upstream steps
 * are not picked gets their ctx from a checkpoint, or runs them first.
 */
class UpstreamStepsTest {

    private static final String PUT = "dev.orchestrator.testing.Scriptlets$Put";

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        recipe = ws.recipe("chain.yaml", """
                test_meta: {test_id: chain, tester: qa, description: only the last step is slow}
                steps:
                  - {idx: 1, name: a, type: java, class: %1$s, params: {set: {from_a: 1}}}
                  - {idx: 2, name: b, type: java, class: %1$s, params: {set: {from_b: 2}}, success: {files_exist: [b.ok]}}
                  - {idx: 3, name: c, type: java, class: %1$s, tags: [slow], params: {set: {from_c: 3}}, success: {ctx_has_keys: [from_a, from_b]}}
                """.formatted(PUT));
        ws.file("b.ok", "");
    }

    private EngineExecutionResults runSlow(String upstream) {
        EngineRun run = EngineRun.in(ws).filters(TagFilter.includeTags("slow"));
        if (upstream != null) {
            run.config(Constants.UPSTREAM, upstream);
        }
        return run.execute(selectFile(recipe.toFile()));
    }

    private static List<String> upstreamEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("upstream"))
                .filter(v -> v != null).toList();
    }

    @Test
    void onAFreshWorkspaceATagFilteredStepRunsItsUpstreamStepsFirstAndPasses() throws Exception {
        EngineExecutionResults results = runSlow(null);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1))
                .assertThatEvents().haveExactly(1, event(step("c"), finishedSuccessfully()));
        assertThat(upstreamEntries(results)).hasSize(2)
                .anySatisfy(e -> assertThat(e).startsWith("b PASSED").contains(", log "))
                .anySatisfy(e -> assertThat(e).startsWith("a PASSED"));
        assertThat(results.allEvents().fileEntryPublished().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.reporting.FileEntry.class).getPath()
                        .getFileName().toString()))
                .as("the upstream steps' logs, attached to the selected step").hasSize(2)
                .anySatisfy(name -> assertThat(name).endsWith("_a.log"))
                .anySatisfy(name -> assertThat(name).endsWith("_b.log"));
        // the upstream steps checkpointed like any step: a later run can restore from them
        assertThat(CheckpointStores.forWorkspace(ws.root()).load("chain", "b")).isPresent();
    }

    @Test
    void autoRestoresFromACheckpointWhenOneExistsInsteadOfRunningUpstream() {
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(3));
        EngineExecutionResults results = runSlow("auto");
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(upstreamEntries(results)).isEmpty();
    }

    @Test
    void aChangedRecipeDoesNotReuseTheCheckpointsOfItsEarlierContent() throws Exception {
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(3));
        // the same steps, but b now writes another value: its old checkpoint must not stand in for it
        java.nio.file.Files.writeString(recipe, java.nio.file.Files.readString(recipe)
                .replace("from_b: 2", "from_b: 22"));
        EngineExecutionResults results = runSlow("auto");
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(upstreamEntries(results)).as("a and b ran again for the changed recipe").hasSize(2);
        // and the run after that restores from the checkpoints the changed recipe wrote
        assertThat(upstreamEntries(runSlow("auto"))).isEmpty();
    }

    @Test
    void runModeRunsUpstreamStepsEvenWithACheckpoint() {
        EngineRun.in(ws).execute(selectFile(recipe.toFile()));
        EngineExecutionResults results = runSlow("run");
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(upstreamEntries(results)).hasSize(2);
    }

    @Test
    void checkpointModeFailsWithoutACheckpointAsBefore() {
        runSlow("checkpoint").testEvents().assertThatEvents().haveExactly(1, event(step("c"),
                finishedWithFailure(message(m -> m.startsWith("cannot restore the ctx for step c: it depends on b")))));
    }

    @Test
    void aFailingUpstreamStepFailsTheSelectedStepInsteadOfSkippingIt() throws Exception {
        java.nio.file.Files.delete(ws.resolve("b.ok"));
        EngineExecutionResults results = runSlow(null);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1).skipped(0))
                .assertThatEvents().haveExactly(1, event(step("c"), finishedWithFailure(message(m ->
                        m.contains("which was not selected and ran first as an upstream step")
                                && m.contains("upstream step b failed")))));
    }

    @Test
    void stepsLeftOutByOnlyAreNeverRunAsUpstreamSteps() {
        EngineRun.in(ws).config(Constants.ONLY, "c").execute(selectFile(recipe.toFile()))
                .testEvents().assertThatEvents().haveExactly(1, event(step("c"),
                        finishedWithFailure(message(m -> m.startsWith("cannot restore the ctx for step c")))));
    }
}
