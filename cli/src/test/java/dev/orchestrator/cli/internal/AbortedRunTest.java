package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrator run} with an aborted step: counted apart, shown, and not a failure of the run. */
class AbortedRunTest {

    @TempDir
    Path dir;

    private TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.write("scriptlets/shell/gate.sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\necho 'no VPN here' >&2\nexit 77\n")
                .toFile().setExecutable(true);
        ws.write("scriptlets/shell/ok.sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\necho fine\n")
                .toFile().setExecutable(true);
        ws.write("recipes/gated.yaml", """
                test_meta: {test_id: gated, tester: qa, description: a step that aborts}
                steps:
                  - {idx: 1, name: gate, type: shell, cmd: scriptlets/shell/gate.sh}
                  - {idx: 2, name: after_gate, type: shell, cmd: scriptlets/shell/ok.sh}
                  - {idx: 3, name: independent, type: shell, cmd: scriptlets/shell/ok.sh, depends_on: []}
                """);
    }

    private Cli.Result run(String... more) {
        String[] args = new String[4 + more.length];
        System.arraycopy(new String[] {"run", "--workspace", ws.root.toString(), "--recipe=recipes/gated.yaml"}, 0, args, 0, 4);
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(args);
    }

    @Test
    void anAbortedStepExitsZeroAndIsCountedInTheSummary() {
        Cli.Result result = run();
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("[ ABORT  ] gated › gate: aborted: exited with code 77")
                .containsPattern("gated +gate +ABORTED ")
                .containsPattern("gated +after_gate +SKIPPED .*dependency gate was aborted")
                .contains("1 recipe, 3 steps: 1 passed, 0 failed, 1 skipped, 1 aborted in ");
    }

    @Test
    void jsonCountsAbortedStepsApart() throws Exception {
        Cli.Result result = run("--json");
        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.at("/totals/aborted").asInt()).isEqualTo(1);
        assertThat(json.at("/totals/failed").asInt()).isZero();
        assertThat(json.at("/recipes/0/status").asText()).isEqualTo("PASSED");
        assertThat(json.at("/recipes/0/steps/0/status").asText()).isEqualTo("ABORTED");
        assertThat(json.at("/exit_code").asInt()).isZero();
    }
}
