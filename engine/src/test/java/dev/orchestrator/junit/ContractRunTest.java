package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Declared ctx writes are enforced at run time (docs/contracts.md), and contract errors stop a recipe at discovery. */
class ContractRunTest {

    private static final String PUT = "type: java, class: dev.orchestrator.testing.Scriptlets$Put";

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
        ws.file("scriptlets/shell/two.sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\n"
                + "source \"$(dirname \"$0\")/lib/ctx.sh\"\nctx_set a 1\nctx_set b 2\n");
        ws.file("steps/__init__.py", "");
        ws.file("steps/two.py", """
                from scriptlets.python.core.base import BaseScriptlet
                class Two(BaseScriptlet):
                    def run(self, ctx, params):
                        ctx.set("a", 1)
                        ctx.set("b", 2)
                """);
    }

    private Path recipe(String testId, String steps) {
        return ws.recipe(testId + ".yaml",
                "test_meta: {test_id: " + testId + ", tester: qa, description: contracts}\nsteps:\n" + steps);
    }

    private EngineExecutionResults run(String testId, String steps, String mode) {
        EngineRun engine = EngineRun.in(ws);
        if (mode != null) {
            engine.config(Constants.CONTRACTS, mode);
        }
        return engine.execute(selectFile(recipe(testId, steps).toFile()));
    }

    private ObjectNode ctxAfter(String testId, String step) throws Exception {
        return CheckpointStores.forWorkspace(ws.root()).load(testId, step)
                .orElseThrow(() -> new AssertionError("no checkpoint after " + step)).values();
    }

    private static List<String> warnings(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("warning"))
                .filter(w -> w != null).toList();
    }

    @Test
    void anInProcessJavaStepWritingAnUndeclaredKeyFailsNamingItAndTheKeyIsNotStored() throws Exception {
        EngineExecutionResults results = run("java_write",
                "  - {idx: 1, name: put, " + PUT + ", params: {set: {a: 1, b: 2}}, writes: [a]}\n", null);
        results.testEvents().assertThatEvents().haveExactly(1, event(step("put"), finishedWithFailure(message(m ->
                m.startsWith("step 'put' wrote ctx key 'b', which it does not declare in writes [a]")))));
        ObjectNode ctx = ctxAfter("java_write", "put");
        assertThat(ctx.has("a")).isTrue();
        assertThat(ctx.has("b")).isFalse();
    }

    @Test
    void shellAndPythonStepsWritingAnUndeclaredKeyFailAndNoneOfTheirChangesIsApplied() throws Exception {
        for (String name : List.of("shell_two", "python_two")) {
            String target = name.startsWith("shell") ? "type: shell, cmd: scriptlets/shell/two.sh"
                    : "type: python, module: steps.two, function: Two";
            EngineExecutionResults results = run("process_write", "  - {idx: 1, name: " + name + ", " + target
                    + ", writes: [a]}\n", "error");
            results.testEvents().assertThatEvents().haveExactly(1, event(step(name), finishedWithFailure(message(m ->
                    m.equals("step '" + name + "' wrote ctx key 'b', which it does not declare in writes [a]; add it"
                            + " to writes (docs/contracts.md); none of the step's 2 ctx change(s) was applied")))));
            ObjectNode ctx = ctxAfter("process_write", name);
            assertThat(ctx.has("a")).as("a after %s", name).isFalse();
            assertThat(ctx.has("b")).as("b after %s", name).isFalse();
        }
    }

    @Test
    void declaredWritesPassAndAStepWithoutWritesMayWriteAnything() throws Exception {
        EngineExecutionResults results = run("declared", """
                  - {idx: 1, name: shell_two, type: shell, cmd: scriptlets/shell/two.sh, writes: [a, b]}
                  - {idx: 2, name: python_two, type: python, module: steps.two, function: Two, reads: [a], writes: [b, a]}
                  - {idx: 3, name: put, %s, params: {set: {c: 3}}}
                """.formatted(PUT), null);
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(ctxAfter("declared", "put").has("c")).isTrue();
        assertThat(warnings(results)).isEmpty();
    }

    @Test
    void warnModeLetsTheWriteStandAndWarnsInTheEventsAndTheStepLog() throws Exception {
        EngineExecutionResults results = run("warned", """
                  - {idx: 1, name: put, %s, params: {set: {a: 1, b: 2}}, writes: [a]}
                  - {idx: 2, name: shell_two, type: shell, cmd: scriptlets/shell/two.sh, writes: [a]}
                """.formatted(PUT), "warn");
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("put"), finishedSuccessfully()))
                .haveExactly(1, event(step("shell_two"), finishedSuccessfully()));
        assertThat(ctxAfter("warned", "shell_two").get("b").asInt()).isEqualTo(2);
        assertThat(warnings(results)).containsExactly(
                "step 'put' wrote ctx key 'b', which it does not declare in writes [a]; add it to writes"
                        + " (docs/contracts.md) (orchestrator.contracts=warn: the write stands)",
                "step 'shell_two' wrote ctx key 'b', which it does not declare in writes [a]; add it to writes"
                        + " (docs/contracts.md) (orchestrator.contracts=warn: the write stands)");
        try (Stream<Path> logs = Files.list(ws.resolve("Logs"))) {
            Path log = logs.filter(p -> p.toString().endsWith("_put.log")).findFirst().orElseThrow();
            assertThat(Files.readString(log)).contains("WARNING step 'put' wrote ctx key 'b'");
        }
    }

    @Test
    void offModeChecksNothingAtRunTime() throws Exception {
        EngineExecutionResults results = run("unchecked",
                "  - {idx: 1, name: put, " + PUT + ", params: {set: {a: 1, b: 2}}, writes: [a]}\n", "OFF");
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(warnings(results)).isEmpty();
        assertThat(ctxAfter("unchecked", "put").has("b")).isTrue();
    }

    @Test
    void aParallelWriteConflictIsADiscoveryIssueWithItsPositionAndNoStepRuns() {
        Path file = recipe("conflict", """
                  - parallel:
                      - {idx: 1, name: left, %s, writes: [total]}
                      - {idx: 2, name: right, %s, writes: [total]}
                """.formatted(PUT, PUT));
        List<DiscoveryIssue> issues = EngineRun.in(ws).discover(selectFile(file.toFile())).getDiscoveryIssues();
        assertThat(issues).singleElement().satisfies(issue -> assertThat(issue.message()).contains(
                "recipes/conflict.yaml:5:100: ctx key 'total' is written by step 'left' (line 4) and step 'right',"
                        + " which may run at the same time"));
        EngineRun.in(ws).execute(selectFile(file.toFile())).testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void aBadModeIsADiscoveryErrorNamingTheKey() {
        Path file = recipe("mode", "  - {idx: 1, name: put, " + PUT + "}\n");
        List<DiscoveryIssue> issues = EngineRun.in(ws).config(Constants.CONTRACTS, "strict")
                .discover(selectFile(file.toFile())).getDiscoveryIssues();
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).isEqualTo("invalid configuration parameter orchestrator.contracts='strict':"
                    + " expected one of error, off, warn");
        });
    }
}
