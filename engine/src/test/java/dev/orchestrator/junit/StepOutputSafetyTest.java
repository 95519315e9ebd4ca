package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.LaunchMain;
import dev.orchestrator.testing.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * What a process step writes can neither break the engine nor leak through it: ctx changes are checked
 * strictly, logs are read leniently and from their end, and a step's output is capped.
 */
class StepOutputSafetyTest {

    private static final String HEADER = "test_meta: {test_id: %s, tester: qa, description: output}\nsteps:\n";

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
    }

    private void script(String name, String body) {
        ws.file("scriptlets/shell/" + name, "#!/usr/bin/env bash\nset -Eeuo pipefail\n"
                + "source \"$(dirname \"$0\")/lib/ctx.sh\"\n" + body + "\n").toFile().setExecutable(true);
    }

    private EngineExecutionResults run(String testId, String steps, String... config) {
        Path recipe = ws.recipe(testId + ".yaml", HEADER.formatted(testId) + steps);
        EngineRun run = EngineRun.in(ws).config(Constants.REPORTS, "none");
        for (int i = 0; i < config.length; i += 2) {
            run.config(config[i], config[i + 1]);
        }
        return run.execute(selectFile(recipe.toFile()));
    }

    private String failureOf(EngineExecutionResults results, String stepName) {
        AtomicReference<String> message = new AtomicReference<>();
        results.testEvents().assertThatEvents().haveExactly(1, event(step(stepName),
                finishedWithFailure(message(m -> {
                    message.set(m);
                    return true;
                }))));
        return message.get();
    }

    private Path logOf(String stepName) throws Exception {
        try (Stream<Path> logs = Files.list(ws.resolve("Logs"))) {
            return logs.filter(p -> p.getFileName().toString().endsWith("_" + stepName + ".log")).findFirst().orElseThrow();
        }
    }

    @Test
    void aCtxChangeLineRepeatingAFieldIsRefusedAndNothingIsApplied() throws Exception {
        // what the shell library wrote before it checked values: a value smuggling a second "key" into its line
        script("smuggle.sh", """
                ctx_set fine 1
                printf '%s\\n' '{"op":"set","key":"mine","value":{"a":1},"key":"victim","op":"set","value":"owned"}' >> "$ORCH_CTX_OUT"
                """);
        EngineExecutionResults results = run("smuggle", """
                  - {idx: 1, name: seed, type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {victim: safe}}}
                  - {idx: 2, name: smuggle, type: shell, cmd: scriptlets/shell/smuggle.sh}
                """);
        assertThat(failureOf(results, "smuggle")).startsWith("malformed ctx change on line 2 of ORCH_CTX_OUT: "
                + "an object repeats a field").contains("nothing of the step's ctx changes was applied");
        Checkpoint seed = CheckpointStores.forWorkspace(ws.root()).load("smuggle", "seed").orElseThrow();
        assertThat(seed.values().get("victim").asText()).isEqualTo("safe");
        assertThat(CheckpointStores.forWorkspace(ws.root()).load("smuggle", "smuggle"))
                .hasValueSatisfying(last -> {
                    assertThat(last.values().get("victim").asText()).isEqualTo("safe");
                    assertThat(last.values().has("fine")).isFalse();
                });
    }

    @Test
    void aCtxValueHoldingNulOrALoneSurrogateIsRefusedNamingTheKeyAndNeverShowingTheValue() throws Exception {
        script("nul.sh", """
                printf '%s\\n' '{"op":"set","key":"api_token","value":"hunter2\\u0000"}' >> "$ORCH_CTX_OUT"
                """);
        script("surrogate.sh", """
                printf '%s\\n' '{"op":"set","key":"file_name","value":["ok","hunter2\\udcff.csv"]}' >> "$ORCH_CTX_OUT"
                """);
        String nul = failureOf(run("nul", "  - {idx: 1, name: nul, type: shell, cmd: scriptlets/shell/nul.sh}\n"), "nul");
        assertThat(nul).contains("ctx key 'api_token' refused", "NUL character").doesNotContain("hunter2");
        assertThat(Files.readString(logOf("nul"))).contains("status FAILED").doesNotContain("hunter2");
        String surrogate = failureOf(run("surrogate",
                "  - {idx: 1, name: surrogate, type: shell, cmd: scriptlets/shell/surrogate.sh}\n"), "surrogate");
        assertThat(surrogate).contains("ctx key 'file_name' refused", "file_name[1]", "lone UTF-16 surrogate (U+DCFF)")
                .doesNotContain("hunter2");
    }

    @Test
    void outputThatIsNotUtf8KeepsTheFailureReason() {
        script("latin1.sh", "printf 'input file not found: Data/r\\xe9sum\\xe9.csv\\n' >&2\nexit 1");
        String message = failureOf(run("latin1", "  - {idx: 1, name: latin1, type: shell, cmd: scriptlets/shell/latin1.sh}\n"),
                "latin1");
        assertThat(message).startsWith("exited with code 1 (failure)")
                .contains("input file not found: Data/r\uFFFDsum\uFFFD.csv")
                .doesNotContain("unreadable");
    }

    @Test
    void aFailureQuotesOnlyAFixedTailOfTheLogAndRetriesNeverQuoteTheLogIntoItself() throws Exception {
        // 5 MB on one line, then the reason, three attempts
        script("loud.sh", "head -c 5000000 /dev/zero | tr '\\0' x\necho\necho 'the real reason'\nexit 1");
        EngineExecutionResults results = run("loud",
                "  - {idx: 1, name: loud, type: shell, cmd: scriptlets/shell/loud.sh, retries: 2}\n",
                Constants.LOG_MAX_BYTES, "20000000");
        String message = failureOf(results, "loud");
        assertThat(message).contains("the real reason");
        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096 + 512);
        String log = Files.readString(logOf("loud"));
        assertThat(log).contains("attempt 3 failed: exited with code 1 (failure)", "the real reason")
                .doesNotContain("--- end of the step log", "--- last");
    }

    @Test
    void anInProcessStepThrowingAHugeMessageFailsWithABoundedMessageThatKeepsItsEndAndClass() {
        EngineExecutionResults results = run("loud_java", "  - {idx: 1, name: loud_java, type: java, class: "
                + dev.orchestrator.testing.Scriptlets.FailLoud.class.getName() + "}\n");
        String message = failureOf(results, "loud_java");
        assertThat(message).endsWith("the real reason").contains("characters cut");
        assertThat(message.length()).isLessThanOrEqualTo(16 * 1024 + 64);
        results.testEvents().assertThatEvents().haveExactly(1, event(step("loud_java"), finishedWithFailure(
                org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf(IllegalStateException.class))));
    }

    @Test
    void aStepsOutputIsCappedInItsLogWithANotice() throws Exception {
        script("flood.sh", "head -c 3000000 /dev/zero | tr '\\0' y >&2\nhead -c 3000000 /dev/zero | tr '\\0' z\necho done");
        run("flood", "  - {idx: 1, name: flood, type: shell, cmd: scriptlets/shell/flood.sh}\n",
                Constants.LOG_MAX_BYTES, "1000000").testEvents().assertStatistics(s -> s.succeeded(1));
        Path log = logOf("flood");
        assertThat(Files.size(log)).isBetween(1_000_000L, 1_000_000L + 16 * 1024);
        assertThat(Files.readString(log)).contains("[log truncated: the step's output passed 1000000 bytes "
                + "(orchestrator.log.max-bytes)", "status PASSED");
    }

    @Test
    void aStepPrintingOneGigabyteOnOneLineFailsWithItsReasonInAJvmOf128Megabytes() throws Exception {
        script("gigabyte.sh", "head -c 1G /dev/zero | tr '\\0' x\necho\necho 'gave up after printing'\nexit 1");
        Path recipe = ws.recipe("gigabyte.yaml", HEADER.formatted("gigabyte")
                + "  - {idx: 1, name: gigabyte, type: shell, cmd: scriptlets/shell/gigabyte.sh}\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), LaunchMain.class.getName(), recipe.toString(),
                Constants.WORKSPACE + "=" + ws.root(), Constants.RUN_ID + "=gigabyte", Constants.REPORTS + "=none",
                Constants.LOG_MAX_BYTES + "=8000000")
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.out").toFile()).start();
        assertThat(jvm.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(jvm.exitValue()).as(Files.readString(dir.resolve("jvm.out"))).isZero();

        Path log = logOf("gigabyte");
        assertThat(Files.size(log)).isLessThan(8_000_000L + 64 * 1024);
        List<String> status = Files.readAllLines(log).stream().filter(l -> l.contains("status FAILED")).toList();
        assertThat(status).singleElement().satisfies(line -> assertThat(line)
                .contains("exited with code 1 (failure)").hasSizeLessThan(1024));
        assertThat(Files.readString(ws.resolve("Logs/orchestrator.log"))).contains("exited with code 1 (failure)");
    }
}
