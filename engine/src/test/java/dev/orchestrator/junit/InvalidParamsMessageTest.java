package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Event;

/** A process step that exits 2 (invalid usage) is reported with the scriptlet's own reason as the message. */
class InvalidParamsMessageTest {

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
    }

    private String message(String steps) {
        Path recipe = ws.recipe("r.yaml", "test_meta: {test_id: r, tester: qa, description: exit 2}\nsteps:\n" + steps);
        Event finished = EngineRun.in(ws).config(Constants.REPORTS, "none").execute(selectFile(recipe.toFile()))
                .testEvents().assertThatEvents().haveExactly(1, event(step("s"), finishedWithFailure()))
                .actual().stream().filter(e -> e.getPayload(TestExecutionResult.class).isPresent()).findFirst()
                .orElseThrow();
        return finished.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage();
    }

    private void script(String name, String body) {
        Path file = ws.file("scriptlets/shell/" + name, "#!/usr/bin/env bash\nset -Eeuo pipefail\n"
                + "source \"$(dirname \"$0\")/lib/common.sh\"\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    @Test
    void aShellScriptletsUsageErrorIsTheFirstLineOfTheMessage() {
        script("usage.sh", "echo 'reading the input' >&2\norch_die_usage \"input file not found: Data/raw.csv\"");

        String message = message("  - {idx: 1, name: s, type: shell, cmd: scriptlets/shell/usage.sh}\n");

        assertThat(message.lines().findFirst().orElseThrow())
                .startsWith("invalid parameters: ").contains("input file not found: Data/raw.csv")
                .doesNotContain("reading the input");
        assertThat(message).contains("exit code 2");
    }

    @Test
    void aPythonClassThatIsNoScriptletIsNamedInTheFirstLineOfTheMessage() {
        ws.file("steps/__init__.py", "");
        ws.file("steps/plain.py", "class Plain:\n    pass\n");

        String message = message("  - {idx: 1, name: s, type: python, module: steps.plain, function: Plain}\n");

        assertThat(message.lines().findFirst().orElseThrow())
                .startsWith("invalid parameters: ").contains("steps.plain.Plain is a class but not a BaseScriptlet subclass");
    }

    @Test
    void aPlainLastStderrLineIsTheReason() {
        script("plain.sh", "echo 'missing --input' >&2\nexit 2");

        String message = message("  - {idx: 1, name: s, type: shell, cmd: scriptlets/shell/plain.sh}\n");

        assertThat(message.lines().findFirst().orElseThrow()).isEqualTo("invalid parameters: missing --input (exit code 2)");
    }

    @Test
    void aScriptletThatSaysNothingStillSaysItExitedWithTwo() {
        script("quiet.sh", "exit 2");

        String message = message("  - {idx: 1, name: s, type: shell, cmd: scriptlets/shell/quiet.sh}\n");

        assertThat(message).startsWith("invalid parameters: the scriptlet exited with code 2");
    }
}
