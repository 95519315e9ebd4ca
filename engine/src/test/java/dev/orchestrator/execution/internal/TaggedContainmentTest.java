package dev.orchestrator.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.context.Context;
import dev.orchestrator.context.GlobalState;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.testing.Survivors;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback where no PID namespace can be made: a step's processes are found by the tag they inherited and
 * killed after the step and on timeout; leftovers of dead JVMs (processes and bridge folders) are cleaned up,
 * and nothing of a live JVM is touched.
 */
class TaggedContainmentTest {

    private static final Containment TAGGED = new Containment(Containment.Mode.MARKER, List.of(), "test");

    @TempDir
    Path dir;

    private Workspace ws;
    private String marker;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
        ws.file("Data/.keep", "");
        marker = "tagged-probe-" + UUID.randomUUID();
    }

    private ProcessRunner.Result runStep(String body, String extra) throws Exception {
        Path script = ws.file("scriptlets/shell/step.sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\n" + body + "\n");
        script.toFile().setExecutable(true);
        Path file = ws.recipe("tagged.yaml", "test_meta: {test_id: tagged, tester: qa, description: tagged}\nsteps:\n"
                + "  - {idx: 1, name: step, type: shell, cmd: scriptlets/shell/step.sh, env: {PROBE: " + marker + "}"
                + extra + "}\n");
        LoadResult loaded = new RecipeLoader(ws.root(), getClass().getClassLoader())
                .load(RecipeSource.ofFile(file, ws.root()));
        Recipe recipe = ((LoadResult.Valid) loaded).recipe();
        Path logs = Files.createDirectories(ws.resolve("Logs"));
        RunSettings settings = RunSettings.builder(ws.root(), new GlobalState("tagged-run")).logDir(logs)
                .classLoader(getClass().getClassLoader()).build();
        try (StepLogFile log = StepLogFile.create(logs, "step")) {
            return new ProcessRunner(TAGGED).run(new StepRun(recipe, recipe.steps().get(0),
                    Context.create("tagged", "tagged-run"), log, settings, 1));
        }
    }

    @Test
    void aSetsidDaemonOfAStepThatExitsZeroIsKilledByItsTag() throws Exception {
        runStep("setsid sleep 300 &\n( setsid sleep 300 & )", "");
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    @Test
    void aDoubleForkedProcessOfATimedOutStepIsKilledByItsTag() {
        assertThatThrownBy(() -> runStep("( setsid sleep 300 & )\nsleep 300", ", timeout: 1s"))
                .hasMessageStartingWith("timed out after 1s; killed the process tree");
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    @Test
    void processesTaggedByADeadJvmAreKilledAndThoseOfALiveOneAreNot() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String deadOwner = TaggedProcesses.bootId() + "." + gone.pid() + ".1";
        ProcessBuilder orphan = new ProcessBuilder("sleep", "300");
        orphan.environment().put(Containment.TAG_VARIABLE, deadOwner + "/1");
        orphan.environment().put("PROBE", marker + "-orphan");
        ProcessBuilder mine = new ProcessBuilder("sleep", "300");
        mine.environment().put(Containment.TAG_VARIABLE, TaggedProcesses.OWNER + "/999999");
        mine.environment().put("PROBE", marker + "-mine");
        Process orphaned = orphan.start();
        Process live = mine.start();
        try {
            TaggedProcesses.killOrphans();
            orphaned.waitFor();
            assertThat(live.isAlive()).isTrue();
        } finally {
            orphaned.destroyForcibly();
            live.destroyForcibly();
        }
    }

    @Test
    void bridgeFoldersOfDeadJvmsAreDeletedAndThoseOfLiveOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path root = Files.createDirectories(dir.resolve("shm"));
        Path stale = Files.createDirectories(root.resolve(LiveSteps.BRIDGE_PREFIX + TaggedProcesses.bootId() + "."
                + gone.pid() + ".1-step-123"));
        Files.writeString(stale.resolve("ctx.json"), "{}");
        Path mine = Files.createDirectories(root.resolve(LiveSteps.BRIDGE_PREFIX + TaggedProcesses.OWNER + "-step-456"));
        Path foreign = Files.createDirectories(root.resolve(LiveSteps.BRIDGE_PREFIX + "last-789"));
        LiveSteps.deleteStaleBridges(root);
        assertThat(stale).doesNotExist();
        assertThat(mine).exists();
        assertThat(foreign).exists();
    }
}
