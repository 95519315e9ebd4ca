package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Shell, python and requires_process java steps through the process bridge (docs/ctx-and-bridge.md). */
class ProcessStepTest {

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
    }

    private EngineExecutionResults run(String testId, String steps) {
        Path recipe = ws.recipe(testId + ".yaml",
                "test_meta: {test_id: " + testId + ", tester: qa, description: process steps}\nsteps:\n" + steps);
        return EngineRun.in(ws).execute(selectFile(recipe.toFile()));
    }

    private void script(String name, String body) {
        Path file = ws.file("scriptlets/shell/" + name, "#!/usr/bin/env bash\nset -Eeuo pipefail\n"
                + "source \"$(dirname \"$0\")/lib/ctx.sh\"\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    private void python(String module, String body) {
        ws.file("steps/__init__.py", "");
        ws.file("steps/" + module + ".py", "from scriptlets.python.core.base import BaseScriptlet\n" + body);
    }

    private Checkpoint checkpoint(String testId, String step) throws Exception {
        Optional<Checkpoint> loaded = CheckpointStores.forWorkspace(ws.root()).load(testId, step);
        return loaded.orElseThrow(() -> new AssertionError("no checkpoint after " + step));
    }

    @Test
    void ctxWrittenByShellIsReadByPythonAndHistoryShowsBothWritersInOrder() throws Exception {
        script("produce.sh", "ctx_set rows 3\nctx_set_string label 'two words'");
        python("consume", """
                class Double(BaseScriptlet):
                    def run(self, ctx, params):
                        ctx.set("doubled", ctx.get("rows") * params["factor"])
                        return {"label": ctx.get("label")}
                """);
        EngineExecutionResults results = run("bridge", """
                  - {idx: 1, name: produce, type: shell, cmd: scriptlets/shell/produce.sh}
                  - {idx: 2, name: consume, type: python, module: steps.consume, function: Double, params: {factor: 2}, success: {ctx_has_keys: [doubled]}}
                """);
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        Checkpoint last = checkpoint("bridge", "consume");
        assertThat(last.values().get("doubled").asInt()).isEqualTo(6);
        assertThat(last.values().get("label").asText()).isEqualTo("two words");
        List<ChangeRecord> history = last.history();
        assertThat(history).extracting(ChangeRecord::key).containsExactly("test_meta", "rows", "label", "doubled");
        assertThat(history).extracting(ChangeRecord::who).containsExactly("runner", "produce", "produce", "consume");
        assertThat(history.get(3).what()).isEqualTo("steps.consume:Double");
        assertThat(history.get(3).runId()).isEqualTo("test-run");
    }

    @Test
    void argsArriveAsSeparateArgvItemsAndEnvAndCtxVariablesAreSet() throws Exception {
        script("argv.sh", """
                printf '%s\\n' "$@" > "$ORCH_WORKSPACE/Data/argv.txt"
                echo "$MY_VAR|$CTX_TEST_META|$ORCH_STEP|$ORCH_RECIPE|$(pwd)" > "$ORCH_WORKSPACE/Data/env.txt"
                cat "$ORCH_GLOBAL_STATE_FILE" > "$ORCH_WORKSPACE/Data/global.txt"
                echo "to stdout"; echo "to stderr" >&2
                """);
        ws.file("Data/.keep", "");
        run("argv", """
                  - idx: 1
                    name: argv
                    type: shell
                    cmd: scriptlets/shell/argv.sh
                    args: {message: "a b; $(rm -rf /) 'c'", count: 3}
                    env: {MY_VAR: hello}
                """).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(Files.readAllLines(ws.resolve("Data/argv.txt")))
                .containsExactly("--message", "a b; $(rm -rf /) 'c'", "--count", "3");
        String env = Files.readString(ws.resolve("Data/env.txt")).strip();
        assertThat(env).startsWith("hello|{\"test_id\":\"argv\"").endsWith("|argv|argv|" + ws.root());
        assertThat(Files.readString(ws.resolve("Data/global.txt"))).contains("\"run_id\":\"test-run\"", "\"argv\":{");
        Path log = Files.list(ws.resolve("Logs")).filter(p -> p.toString().endsWith("_argv.log")).findFirst().orElseThrow();
        assertThat(Files.readString(log)).contains("to stdout", "to stderr", "resources: wall");
    }

    @Test
    void aFailingShellStepReportsItsExitCodeAndTheTailOfItsLog() {
        script("fail.sh", "echo 'about to fail: disk quota'\nexit 1");
        run("fail", "  - {idx: 1, name: failing, type: shell, cmd: scriptlets/shell/fail.sh}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("failing"), finishedWithFailure(
                        message(m -> m.startsWith("exited with code 1 (failure)") && m.contains("about to fail: disk quota")))));
    }

    @Test
    void exitCodeTwoIsReportedAsInvalidParameters() {
        script("usage.sh", "echo 'missing --input' >&2\nexit 2");
        run("usage", "  - {idx: 1, name: usage, type: shell, cmd: scriptlets/shell/usage.sh, retries: 3}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("usage"), finishedWithFailure(
                        message(m -> m.startsWith("invalid parameters: missing --input (exit code 2)")
                                && m.contains("missing --input")))));
    }

    @Test
    void aPythonExceptionFailsTheStepWithTheTraceback() {
        python("boom", """
                class Boom(BaseScriptlet):
                    def run(self, ctx, params):
                        raise RuntimeError("sensor offline")
                """);
        run("pyfail", "  - {idx: 1, name: boom, type: python, module: steps.boom, function: Boom}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("boom"), finishedWithFailure(
                        message(m -> m.contains("exited with code 1") && m.contains("RuntimeError: sensor offline")))));
    }

    @Test
    void aNonJsonValueSetFromPythonIsRefusedNamingKeyAndType() throws Exception {
        python("nonjson", """
                class NonJson(BaseScriptlet):
                    def run(self, ctx, params):
                        ctx.set("ok", 1)
                        ctx.set("stamp", object())
                """);
        run("pynonjson", "  - {idx: 1, name: nonjson, type: python, module: steps.nonjson, function: NonJson}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("nonjson"), finishedWithFailure(
                        message(m -> m.contains("stamp") && m.contains("object")))));
        assertThat(checkpoint("pynonjson", "nonjson").values().has("ok"))
                .as("a failed step's changes are not applied").isFalse();
    }

    @Test
    void aMalformedChangeLineFailsTheStepAndAppliesNothing() throws Exception {
        script("malformed.sh", "ctx_set good 1\necho '{\"op\":\"set\",\"key\":\"bad\"' >> \"$ORCH_CTX_OUT\"");
        run("malformed", "  - {idx: 1, name: malformed, type: shell, cmd: scriptlets/shell/malformed.sh}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("malformed"), finishedWithFailure(
                        message(m -> m.startsWith("malformed ctx change on line 2 of ORCH_CTX_OUT")))));
        assertThat(checkpoint("malformed", "malformed").values().has("good")).isFalse();
    }

    @Test
    void aTimeoutKillsTheWholeProcessTreeIncludingGrandchildren() throws Exception {
        // the pids a step sees may be those of its own PID namespace: its processes are found by a marker instead
        String marker = "grandchild-probe-" + java.util.UUID.randomUUID();
        script("hang.sh", """
                bash -c 'sleep 300 & wait' &
                wait
                """);
        ws.file("Data/.keep", "");
        run("hang", "  - {idx: 1, name: hang, type: shell, cmd: scriptlets/shell/hang.sh, timeout: 700ms, env: {PROBE: "
                + marker + "}}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("hang"), finishedWithFailure(
                        message(m -> m.startsWith("timed out after 700ms; killed the process tree")))));
        assertThat(dev.orchestrator.testing.Survivors.withMarker(marker)).isEmpty();
    }

    @Test
    void retriesRerunAFailedProcessStep() {
        script("flaky.sh", """
                n=$(cat "$ORCH_WORKSPACE/Data/attempts" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$ORCH_WORKSPACE/Data/attempts"
                [ "$n" -ge 2 ] || { echo "attempt $n fails"; exit 1; }
                """);
        ws.file("Data/.keep", "");
        run("flaky", "  - {idx: 1, name: flaky, type: shell, cmd: scriptlets/shell/flaky.sh, retries: 2}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("flaky"), finishedSuccessfully()));
    }

    @Test
    void aJavaStepWithRequiresProcessRunsInAChildJvmThroughTheBridge() throws Exception {
        EngineExecutionResults results = run("childjvm", """
                  - {idx: 1, name: seed, type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {base: 20}}}
                  - idx: 2
                    name: in_child
                    type: java
                    class: dev.orchestrator.testing.Scriptlets$Put
                    requires_process: true
                    timeout: 60s
                    params: {set: {from_child: {pid: other}}}
                    success: {ctx_has_keys: [base, from_child]}
                """);
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        Checkpoint last = checkpoint("childjvm", "in_child");
        assertThat(last.values().get("from_child").get("pid").asText()).isEqualTo("other");
        assertThat(last.history().get(last.history().size() - 1).who()).isEqualTo("in_child");
    }

    @Test
    void processResourcesAreMeasured() {
        script("busy.sh", "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done");
        // peak memory of a shell step is sampled (without sampling only CPU time is known: docs/processes.md)
        Path recipe = ws.recipe("busy.yaml", "test_meta: {test_id: busy, tester: qa, description: process steps}\n"
                + "steps:\n  - {idx: 1, name: busy, type: shell, cmd: scriptlets/shell/busy.sh}\n");
        EngineExecutionResults results = EngineRun.in(ws).config(Constants.RESOURCES_SAMPLE, "on")
                .execute(selectFile(recipe.toFile()));
        String resources = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow()
                        .getKeyValuePairs().get("resources"))
                .findFirst().orElseThrow();
        assertThat(resources).matches("wall [0-9.]+ ms, cpu [0-9.]+ ms, allocated n/a, peak memory [0-9.]+ (KiB|MiB)");
        assertThat(resources).doesNotContain("cpu 0.0 ms");
    }

    @Test
    void aCtxValueTooLargeForTheEnvironmentIsLeftOutOfCtxVariablesButStaysInTheCtxFile() throws Exception {
        script("big.sh", """
                echo "${CTX_BIG:-unset}" > "$ORCH_WORKSPACE/Data/big_env.txt"
                grep -c xxxxxxxx "$ORCH_CTX_FILE" > "$ORCH_WORKSPACE/Data/big_file.txt"
                """);
        ws.file("Data/.keep", "");
        run("bigctx", """
                  - {idx: 1, name: seed, type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {big: "%s", small: s}}}
                  - {idx: 2, name: reader, type: shell, cmd: scriptlets/shell/big.sh}
                """.formatted(String.join("\\\n      ", java.util.Collections.nCopies(20, "x".repeat(10_000)))))
                .testEvents().assertStatistics(s -> s.succeeded(2)); // 200 000 x, escaped line breaks: lines are capped
        assertThat(Files.readString(ws.resolve("Data/big_env.txt")).strip()).isEqualTo("unset");
        assertThat(Files.readString(ws.resolve("Data/big_file.txt")).strip()).isEqualTo("1");
    }

    @Test
    void aMissingInterpreterFailsTheStepSayingWhichSettingToChange() {
        python("fine", """
                class Fine(BaseScriptlet):
                    def run(self, ctx, params):
                        return 1
                """);
        Path recipe = ws.recipe("nopython.yaml", "test_meta: {test_id: nopython, tester: qa, description: x}\nsteps:\n"
                + "  - {idx: 1, name: fine, type: python, module: steps.fine, function: Fine}\n");
        EngineRun.in(ws).config(Constants.PYTHON, "/no/such/python3").execute(selectFile(recipe.toFile()))
                .testEvents().assertThatEvents().haveExactly(1, event(step("fine"), finishedWithFailure(message(m ->
                        m.startsWith("cannot start /no/such/python3") && m.contains("orchestrator.python")))));
    }
}
