package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.LaunchMain;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** only / skip / resume-from / one step by unique id, with the ctx restored from the last run's checkpoints. */
class SelectionRestoreTest {

    private static final String PUT = "dev.orchestrator.testing.Scriptlets$Put";

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        recipe = ws.recipe("chain.yaml", """
                test_meta: {test_id: chain, tester: qa, description: three steps in a row}
                steps:
                  - {idx: 1, name: a, type: java, class: %1$s, params: {set: {from_a: 1}}}
                  - {idx: 2, name: b, type: java, class: %1$s, params: {set: {from_b: 2}}}
                  - {idx: 3, name: c, type: java, class: %1$s, params: {set: {from_c: 3}}, success: {ctx_has_keys: [from_a, from_b]}}
                """.formatted(PUT));
    }

    private EngineExecutionResults run(String key, String value, String runId) {
        return EngineRun.in(ws).config(key, value).config(Constants.RUN_ID, runId).execute(selectFile(recipe.toFile()));
    }

    private ObjectNode finalCtx() throws Exception {
        return CheckpointStores.forWorkspace(ws.root()).load("chain", "c").map(Checkpoint::values).orElseThrow();
    }

    @Test
    void onlyRestoresTheCtxItsDependenciesLeftInTheLastRun() throws Exception {
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(3));
        EngineExecutionResults results = run(Constants.ONLY, "c", "second");
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("a"), skippedWithReason("not selected: only c")))
                .haveExactly(1, event(step("c"), finishedSuccessfully()));
        Checkpoint after = CheckpointStores.forWorkspace(ws.root()).load("chain", "c").orElseThrow();
        assertThat(after.runId()).isEqualTo("second");
        assertThat(after.history()).extracting(ChangeRecord::runId).contains("test-run", "second");
        // restored as it stood after b in the first run: a's and b's records, then c's from this run
        assertThat(after.history()).filteredOn(r -> r.key().startsWith("from_"))
                .extracting(r -> r.key() + "@" + r.runId())
                .containsExactly("from_a@test-run", "from_b@test-run", "from_c@second");
    }

    @Test
    void resumeFromSkipsEarlierStepsAndStartsFromTheirCheckpoint() throws Exception {
        EngineRun.in(ws).execute(selectFile(recipe.toFile()));
        EngineExecutionResults results = run(Constants.RESUME_FROM, "b", "resumed");
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("a"), skippedWithReason("before the resume point: resume-from b")))
                .haveExactly(1, event(step("b"), finishedSuccessfully()))
                .haveExactly(1, event(step("c"), finishedSuccessfully()));
        assertThat(finalCtx().fieldNames()).toIterable().contains("from_a", "from_b", "from_c");
    }

    @Test
    void skipLeavesAStepOutAndItsDependentsStillSeeItsLastValues() {
        EngineRun.in(ws).execute(selectFile(recipe.toFile()));
        run(Constants.SKIP, "b", "skipping").testEvents().assertThatEvents()
                .haveExactly(1, event(step("b"), skippedWithReason("skipped on request: skip b")))
                .haveExactly(1, event(step("c"), finishedSuccessfully()));
    }

    @Test
    void selectingOneStepByUniqueIdRestoresWhatItsPredecessorsWrote() {
        EngineRun.in(ws).execute(selectFile(recipe.toFile()));
        EngineExecutionResults results = EngineRun.in(ws).execute(selectUniqueId("[engine:orchestrator]/[recipe:chain]/[step:c]"));
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void withoutACheckpointTheSelectedStepFailsAndSaysHowToGetOne() {
        run(Constants.ONLY, "c", "first").testEvents().assertThatEvents()
                .haveExactly(1, event(step("c"), finishedWithFailure(message(m ->
                        m.startsWith("cannot restore the ctx for step c: it depends on b")
                                && m.contains("Run the recipe once in full")))));
    }

    @Test
    void afterKillMinusNineResumeFromTheRunningStepGivesTheSameFinalCtx() throws Exception {
        Path killed = ws.recipe("killed.yaml", """
                test_meta: {test_id: killed, tester: qa, description: killed in the middle}
                steps:
                  - {idx: 1, name: a, type: java, class: %1$s, params: {set: {from_a: [1, 2]}}}
                  - idx: 2
                    name: b
                    type: java
                    class: dev.orchestrator.testing.Scriptlets$BlockWhileFileExists
                    params: {marker: Data/b.started, block_file: Data/block, set: {from_b: {x: true}}}
                  - {idx: 3, name: c, type: java, class: %1$s, params: {set: {from_c: c}}}
                """.formatted(PUT));
        ws.file("Data/block", "");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LaunchMain.class.getName(),
                killed.toString(), Constants.WORKSPACE + "=" + ws.root(), Constants.RUN_ID + "=killed-run")
                .redirectErrorStream(true).redirectOutput(ws.resolve("child.out").toFile()).start();
        Path marker = ws.resolve("Data/b.started");
        for (int i = 0; i < 600 && !Files.exists(marker); i++) {
            Thread.sleep(50);
        }
        assertThat(marker).as("step b started in the child JVM").exists();
        jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.delete(ws.resolve("Data/block"));

        EngineRun.in(ws).config(Constants.RESUME_FROM, "b").config(Constants.RUN_ID, "resumed")
                .execute(selectFile(killed.toFile())).testEvents().assertStatistics(s -> s.succeeded(2).skipped(1));
        ObjectNode resumed = CheckpointStores.forWorkspace(ws.root()).load("killed", "c").orElseThrow().values();

        Path fresh = new Workspace(dir.resolve("fresh")).recipe("killed.yaml", Files.readString(killed));
        EngineRun.in(new Workspace(dir.resolve("fresh"))).execute(selectFile(fresh.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(3));
        ObjectNode uninterrupted = CheckpointStores.forWorkspace(dir.resolve("fresh")).load("killed", "c").orElseThrow().values();
        assertThat(resumed).isEqualTo(uninterrupted);
        assertThat(List.of(resumed.get("from_a").toString(), resumed.get("from_b").toString())).containsExactly("[1,2]", "{\"x\":true}");
    }
}
