package dev.orchestrator.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Process steps of a workspace that holds nothing of this repository: the Python core and {@code ctx.sh} come
 * from the engine jar. (The build points {@code XDG_CACHE_HOME} of these tests into {@code target/}.)
 */
class BundledScriptletsEngineTest {

    @TempDir
    Path dir;

    private static final String SHELL_STEP = """
            #!/usr/bin/env bash
            set -Eeuo pipefail
            source "$ORCH_SHELL_LIB/common.sh"
            source "$ORCH_SHELL_LIB/ctx.sh"
            ctx_set_string greeting "hello"
            ctx_set_string shell_lib "$ORCH_SHELL_LIB"
            """;

    private static final String PYTHON_STEP = """
            from scriptlets.python.core import BaseScriptlet

            class StepShout(BaseScriptlet):
                def run(self, ctx, params):
                    ctx.set("shout", ctx.get("greeting").upper() + "!")
                    return {"ok": True}
            """;

    private static final String RECIPE = """
            test_meta: {test_id: consumer, tester: qa, description: nothing copied from the repository}
            steps:
              - {idx: 1, name: greet, type: shell, cmd: scriptlets/shell/greet.sh}
              - {idx: 2, name: shout, type: python, module: scriptlets.python.steps.shout, function: StepShout}
            """;

    private Checkpoint run(Workspace ws) throws Exception {
        Path recipe = ws.recipe("consumer.yaml", RECIPE);
        EngineExecutionResults results = EngineRun.in(ws).config("orchestrator.reports", "none")
                .execute(selectFile(recipe.toFile()));
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        return CheckpointStores.forWorkspace(ws.root()).load("consumer", "shout").orElseThrow();
    }

    @Test
    void aShellStepSourcingCtxShAndAPythonStepRunInAWorkspaceWithoutCoreOrLibrary() throws Exception {
        Workspace ws = new Workspace(dir);
        ws.file("scriptlets/shell/greet.sh", SHELL_STEP);
        ws.file("scriptlets/python/steps/shout.py", PYTHON_STEP); // namespace packages: no __init__.py

        Checkpoint last = run(ws);

        assertThat(last.values().get("shout").asText()).isEqualTo("HELLO!");
        assertThat(last.values().get("shell_lib").asText()).doesNotStartWith(ws.root().toString())
                .endsWith("scriptlets/shell/lib");
    }

    @Test
    void aWorkspaceWhoseScriptletsFoldersArePackagesStillFindsTheBundledCoreBesideItsSteps() throws Exception {
        Workspace ws = new Workspace(dir);
        ws.file("scriptlets/shell/greet.sh", SHELL_STEP);
        ws.file("scriptlets/python/steps/__init__.py", "");
        ws.file("scriptlets/python/steps/shout.py", PYTHON_STEP);

        assertThat(run(ws).values().get("shout").asText()).isEqualTo("HELLO!");
    }

    @Test
    void aWorkspacesOwnCoreAndShellLibraryWinOverTheBundledOnes() throws Exception {
        Workspace ws = new Workspace(dir).withBridges();
        ws.file("scriptlets/python/core/only_in_this_workspace.py", "MARK = 'own core'\n");
        ws.file("scriptlets/shell/greet.sh", SHELL_STEP);
        ws.file("scriptlets/python/steps/shout.py", PYTHON_STEP.replace("ctx.get(\"greeting\").upper()",
                "__import__('scriptlets.python.core.only_in_this_workspace', fromlist=['MARK']).MARK"));

        Checkpoint last = run(ws);

        assertThat(last.values().get("shout").asText()).isEqualTo("own core!");
        assertThat(last.values().get("shell_lib").asText())
                .isEqualTo(ws.resolve("scriptlets/shell/lib").toString());
    }
}
