package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Scriptlets;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing large travels in a process step's environment or command line: the run-wide state, params and big
 * ctx values go through files, so no size of a launch or of one recipe stops an unrelated step from starting
 * (Linux refuses a process whose environment holds a string over 128 KiB: "Argument list too long").
 */
class LargeInputsTest {

    private static final int LAUNCH = 5_000;

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
        ws.file("Data/.keep", "");
    }

    private void script(String name, String body) {
        ws.file("scriptlets/shell/" + name, "#!/usr/bin/env bash\nset -Eeuo pipefail\n"
                + "source \"$(dirname \"$0\")/lib/ctx.sh\"\n" + body + "\n").toFile().setExecutable(true);
    }

    @Test
    void aLaunchOfFiveThousandRecipesWhoseLastStepIsAShellStepPasses() throws Exception {
        // the shell steps record how large the run-wide state had grown when they started
        script("last.sh", """
                [[ -z "${ORCH_GLOBAL_STATE:-}" ]]
                wc -c < "$ORCH_GLOBAL_STATE_FILE" > "$ORCH_WORKSPACE/Data/size-$ORCH_RECIPE.txt"
                """);
        String description = "a recipe among many with a description of some length to make test_meta weigh";
        for (int i = 0; i < LAUNCH; i++) {
            String id = String.format("r%04d", i);
            // every recipe has an in-process step (cheap); one in 500, and the last one, end with a shell step
            boolean shell = i % 500 == 499;
            ws.recipe(id + ".yaml", "test_meta: {test_id: " + id + ", tester: qa, description: " + description + "}\n"
                    + "steps:\n"
                    + "  - {idx: 1, name: first, type: java, class: " + Scriptlets.Put.class.getName()
                    + ", params: {set: {n: 1}}}\n"
                    + (shell ? "  - {idx: 2, name: last, type: shell, cmd: scriptlets/shell/last.sh}\n" : ""));
        }

        // one recipe at a time, in file order: the last shell step starts when all 5 000 test_meta are known
        EngineRun.in(ws).config(Constants.REPORTS, "none").config(Constants.PARALLELISM, "1")
                .execute(selectDirectory(ws.resolve("recipes").toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(LAUNCH + LAUNCH / 500).failed(0));

        long last = Long.parseLong(read(ws.resolve("Data/size-r4999.txt")).strip());
        assertThat(last).isGreaterThan((long) LAUNCH * description.length())
                // far more than one environment variable may hold
                .isGreaterThan(128 * 1024);
    }

    @Test
    void aRecipeWithA200KbDescriptionAndParamsRunsItsProcessStepsAndTheStepsOfOthers() throws Exception {
        String big = String.join("\n", java.util.Collections.nCopies(20, "d".repeat(10 * 1024)));
        script("echo-size.sh", """
                [[ -z "${ORCH_PARAMS:-}" ]]
                wc -c < "$ORCH_PARAMS_FILE" > "$ORCH_WORKSPACE/Data/params-$ORCH_RECIPE.txt"
                ctx_get test_meta > "$ORCH_WORKSPACE/Data/meta-$ORCH_RECIPE.txt"
                """);
        ws.file("steps/__init__.py", "");
        ws.file("steps/big.py", """
                from scriptlets.python.core.base import BaseScriptlet
                class Echo(BaseScriptlet):
                    def run(self, ctx, params):
                        ctx.set("param_length", len(params["blob"]))
                        return {"length": len(params["blob"])}
                """);
        // recipes keep lines under 16 KiB: the large values are block scalars of 10 KiB lines
        String block = blockScalar(big, "        ");
        Path large = ws.recipe("large.yaml", "test_meta:\n  test_id: large\n  tester: qa\n  description: |-\n"
                + blockScalar(big, "    ") + "steps:\n"
                + "  - idx: 1\n    name: shell\n    type: shell\n    cmd: scriptlets/shell/echo-size.sh\n"
                + "    params:\n      blob: |-\n" + block
                + "  - idx: 2\n    name: python\n    type: python\n    module: steps.big\n    function: Echo\n"
                + "    success: {ctx_has_keys: [param_length]}\n"
                + "    params:\n      blob: |-\n" + block);
        Path other = ws.recipe("other.yaml", "test_meta: {test_id: other, tester: qa, description: small}\n"
                + "steps:\n  - {idx: 1, name: shell, type: shell, cmd: scriptlets/shell/echo-size.sh}\n");

        EngineRun.in(ws).config(Constants.REPORTS, "none").config(Constants.PARALLELISM, "1")
                .execute(selectFile(large.toFile()), selectFile(other.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(3).failed(0));

        assertThat(Long.parseLong(read(ws.resolve("Data/params-large.txt")).strip())).isGreaterThan(200 * 1024);
        // the 200 KB test_meta is left out of CTX_TEST_META, and ctx_get reads it from its file
        assertThat(read(ws.resolve("Data/meta-large.txt"))).contains(big.replace("\n", "\\n"));
    }

    @Test
    void aChildJvmStepReadsTheRunWideStateFromItsFile() throws Exception {
        Path recipe = ws.recipe("child.yaml", "test_meta: {test_id: child, tester: qa, description: child jvm}\nsteps:\n"
                + "  - {idx: 1, name: reader, type: java, class: " + Scriptlets.ReadGlobal.class.getName()
                + ", requires_process: true, timeout: 60s, success: {ctx_has_keys: [seen_run_id, seen_recipes]}}\n");
        EngineRun.in(ws).config(Constants.REPORTS, "none").execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(1));
        var last = dev.orchestrator.context.CheckpointStores.forWorkspace(ws.root()).load("child", "reader").orElseThrow();
        assertThat(last.values().get("seen_run_id").asText()).isEqualTo("test-run");
        assertThat(last.values().get("seen_recipes").get("child").get("description").asText()).isEqualTo("child jvm");
    }

    @Test
    void argsTooLargeTogetherForTheCommandLineFailTheirStepSayingSo() {
        // each arg is within a recipe's limits (32 KiB a value, 16 KiB a line), but 40 of them pass what a command line may carry
        script("noop.sh", "true");
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            args.append("      blob").append(i).append(": ").append("x".repeat(15 * 1024)).append('\n');
        }
        Path recipe = ws.recipe("args.yaml", "test_meta: {test_id: args, tester: qa, description: args}\nsteps:\n"
                + "  - idx: 1\n    name: huge_args\n    type: shell\n    cmd: scriptlets/shell/noop.sh\n    args:\n" + args);
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertThatEvents()
                .haveExactly(1, event(step("huge_args"), finishedWithFailure(
                        message(m -> m.startsWith("the args and env of this step take")))));
    }

    private static String blockScalar(String text, String indent) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(indent).append(line).append('\n');
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
