package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.started;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Statuses and messages of steps (docs/recipes.md): pass, fail, criteria, skipped dependents, timeouts, retries. */
class StepOutcomeTest {

    private static final String S = "dev.orchestrator.testing.Scriptlets$";

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
    }

    private EngineExecutionResults run(String yaml) {
        return EngineRun.in(ws).execute(selectFile(ws.recipe("r.yaml", yaml).toFile()));
    }

    private static String header(String testId) {
        return "test_meta: {test_id: " + testId + ", tester: qa, description: engine test}\nsteps:\n";
    }

    @Test
    void passingStepsRunInOrderAndShareCtx() {
        EngineExecutionResults results = run(header("pass") + """
                  - {idx: 1, name: first, type: java, class: %1$sPut, params: {set: {a: 1}}}
                  - {idx: 2, name: second, type: java, class: %1$sPut, params: {set: {b: 2}}, success: {ctx_has_keys: [a, b, test_meta]}}
                """.formatted(S));
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0).skipped(0));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("first"), finishedSuccessfully()))
                .haveExactly(1, event(step("second"), finishedSuccessfully()));
    }

    @Test
    void aThrowingScriptletFailsTheStepWithItsException() {
        run(header("fail") + """
                  - {idx: 1, name: broken, type: java, class: %1$sFail, params: {message: disk on fire}}
                """.formatted(S))
                .testEvents().assertThatEvents().haveExactly(1, event(step("broken"),
                        finishedWithFailure(instanceOf(IllegalStateException.class), message("disk on fire"))));
    }

    @Test
    void skipsDependentsOfAFailedStep() {
        EngineExecutionResults results = run(header("deps") + """
                  - {idx: 1, name: broken, type: java, class: %1$sFail}
                  - {idx: 2, name: after, type: java, class: %1$sPut}
                  - {idx: 3, name: after_after, type: java, class: %1$sPut}
                  - {idx: 4, name: independent, type: java, class: %1$sPut, depends_on: []}
                """.formatted(S));
        results.testEvents().assertStatistics(s -> s.started(2).failed(1).succeeded(1).skipped(2));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("after"), skippedWithReason("dependency broken failed")))
                .haveExactly(1, event(step("after_after"), skippedWithReason("dependency after was skipped")))
                .haveExactly(1, event(step("independent"), finishedSuccessfully()));
    }

    @Test
    void unmetFilesExistSaysWhatWasExpectedAndFound() {
        ws.file("Data/other.csv", "x");
        run(header("files") + """
                  - idx: 1
                    name: produce
                    type: java
                    class: %1$sPut
                    success: {files_exist: [Data/clean.csv]}
                """.formatted(S))
                .testEvents().assertThatEvents().haveExactly(1, event(step("produce"), finishedWithFailure(
                        message(m -> m.contains("files_exist: expected Data/clean.csv to exist")
                                && m.contains("Data/ holding") && m.contains("other.csv")))));
    }

    @Test
    void unmetCtxHasKeysListsTheKeysFound() {
        run(header("keys") + """
                  - {idx: 1, name: produce, type: java, class: %1$sPut, params: {set: {rows: 3}}, success: {ctx_has_keys: [rows, metrics]}}
                """.formatted(S))
                .testEvents().assertThatEvents().haveExactly(1, event(step("produce"), finishedWithFailure(
                        message(m -> m.contains("ctx_has_keys: expected ctx key 'metrics'")
                                && m.contains("[test_meta, rows]") && !m.contains("'rows'")))));
    }

    @Test
    void filesExistCriterionPassesWhenTheStepWroteTheFile() {
        run(header("touch") + """
                  - {idx: 1, name: touch, type: java, class: %1$sTouch, params: {file: Data/out/x.txt}, success: {files_exist: [Data/out/x.txt]}}
                """.formatted(S))
                .testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void invalidParametersAreReportedAsSuch() {
        run(header("invalid") + """
                  - {idx: 1, name: check, type: java, class: %1$sInvalid}
                """.formatted(S))
                .testEvents().assertThatEvents().haveExactly(1, event(step("check"), finishedWithFailure(
                        message("invalid parameters: parameter 'x' is required"))));
    }

    @Test
    void aJavaStepThatOutlivesItsTimeoutFails() {
        run(header("timeout") + """
                  - {idx: 1, name: slow, type: java, class: %1$sSleep, params: {ms: 10000}, timeout: 200ms}
                """.formatted(S))
                .testEvents().assertThatEvents().haveExactly(1, event(step("slow"), finishedWithFailure(
                        message("timed out after 200ms"))));
    }

    @Test
    void retriesRerunAFailedStepAndCountAttempts() {
        EngineExecutionResults results = run(header("retry") + """
                  - {idx: 1, name: flaky, type: java, class: %1$sFlaky, params: {succeed_on: 3}, retries: 2, retry_delay: 10ms}
                """.formatted(S));
        results.testEvents().assertThatEvents().haveExactly(1, event(step("flaky"), finishedSuccessfully()));
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow())
                .map(entry -> entry.getKeyValuePairs().get("attempts")))
                .containsExactly("3");
    }

    @Test
    void retriesRunOutAndTheLastFailureIsReported() {
        run(header("retry_out") + """
                  - {idx: 1, name: flaky, type: java, class: %1$sFlaky, params: {succeed_on: 9}, retries: 1}
                """.formatted(S))
                .testEvents().assertThatEvents().haveExactly(1, event(step("flaky"),
                        finishedWithFailure(message("flaky failure on attempt 2"))));
    }

    @Test
    void aNonJsonCtxValueFailsTheStepNamingKeyAndType() {
        run(header("nonjson") + """
                  - {idx: 1, name: bad_value, type: java, class: %1$sNonJson}
                """.formatted(S))
                .testEvents().assertThatEvents().haveExactly(1, event(step("bad_value"), finishedWithFailure(
                        message(m -> m.contains("when") && m.contains("java.time.LocalDate")))));
    }

    @Test
    void whenSkipsAStepWhoseCtxKeyIsNotTruthy() {
        EngineExecutionResults results = run(header("when") + """
                  - {idx: 1, name: seed, type: java, class: %1$sPut, params: {set: {enabled: false}}}
                  - {idx: 2, name: guarded, type: java, class: %1$sPut, when: enabled}
                  - {idx: 3, name: guarded_absent, type: java, class: %1$sPut, when: nothing, depends_on: [seed]}
                """.formatted(S));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("guarded"), skippedWithReason(r -> r.contains("when: ctx key 'enabled' is not truthy"))))
                .haveExactly(1, event(step("guarded_absent"), skippedWithReason(r -> r.contains("is absent"))));
    }

    @Test
    void failFastSkipsEveryStepNotYetStarted() {
        // broken fails only once slow has started (else skipping slow would be right)
        EngineExecutionResults results = run("""
                test_meta: {test_id: ff, tester: qa, description: fail fast}
                settings: {fail_fast: true}
                steps:
                  - {idx: 1, name: broken, type: java, class: %1$sFailAfterSignal, params: {file: slow.started}}
                  - {idx: 2, name: slow, type: java, class: %1$sSignalThenSleep, params: {file: slow.started, ms: 300}, depends_on: []}
                  - {idx: 3, name: independent, type: java, class: %1$sPut, depends_on: [slow]}
                """.formatted(S));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("slow"), finishedSuccessfully()))
                .haveExactly(1, event(step("independent"), skippedWithReason("fail_fast: step broken failed")));
    }

    @Test
    void onlyAndSkipLeaveStepsOutWithTheReason() {
        Path recipe = ws.recipe("sel.yaml", header("sel") + """
                  - {idx: 1, name: a, type: java, class: %1$sPut}
                  - {idx: 2, name: b, type: java, class: %1$sPut, depends_on: []}
                  - {idx: 3, name: c, type: java, class: %1$sPut, depends_on: []}
                """.formatted(S));
        EngineExecutionResults results = EngineRun.in(ws).config(Constants.ONLY, "b,c").config(Constants.SKIP, "c")
                .execute(selectFile(recipe.toFile()));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("a"), skippedWithReason("not selected: only b,c")))
                .haveExactly(1, event(step("b"), finishedSuccessfully()))
                .haveExactly(1, event(step("c"), skippedWithReason("skipped on request: skip c")));
    }

    @Test
    void stepsStartOnlyAfterTheirDependencies() {
        EngineExecutionResults results = run(header("order") + """
                  - {idx: 1, name: last, type: java, class: %1$sPut, depends_on: [middle]}
                  - {idx: 2, name: middle, type: java, class: %1$sPut, depends_on: [first]}
                  - {idx: 3, name: first, type: java, class: %1$sPut, depends_on: []}
                """.formatted(S));
        assertThat(results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactly("first", "middle", "last");
        results.testEvents().assertThatEvents().haveExactly(3, started());
    }

    @Test
    void stepsSeeGlobalStateReadOnly() throws Exception {
        run(header("global") + """
                  - {idx: 1, name: first, type: java, class: %1$sReadGlobal}
                  - {idx: 2, name: second, type: java, class: %1$sReadGlobal, success: {ctx_has_keys: [seen_run_id]}}
                """.formatted(S)).testEvents().assertStatistics(s -> s.succeeded(2));
        var values = dev.orchestrator.context.CheckpointStores.forWorkspace(ws.root()).load("global", "second")
                .orElseThrow().values();
        assertThat(values.get("seen_run_id").asText()).isEqualTo("test-run");
        assertThat(values.get("seen_recipes").get("global").get("tester").asText()).isEqualTo("qa");
    }

    @Test
    void anErrorFromAScriptletFailsOnlyThatStep() {
        EngineExecutionResults results = run(header("error") + """
                  - {idx: 1, name: broken, type: java, class: %1$sMissingDependency, retries: 1}
                  - {idx: 2, name: independent, type: java, class: %1$sPut, depends_on: []}
                """.formatted(S));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("broken"), finishedWithFailure(instanceOf(NoClassDefFoundError.class))))
                .haveExactly(1, event(step("independent"), finishedSuccessfully()));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void whenTheLogCannotBeWrittenTheStepFailsSayingWhy() {
        ws.file("Logs", "a file where the Logs folder should be");
        EngineExecutionResults results = run(header("nolog") + """
                  - {idx: 1, name: first, type: java, class: %1$sPut}
                """.formatted(S));
        results.testEvents().assertThatEvents().haveExactly(1, event(step("first"),
                finishedWithFailure(message(m -> m.contains("cannot create the log of step first")))));
        results.containerEvents().assertStatistics(s -> s.failed(1));
    }
}
