package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.LaunchMain;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two engine runs in two JVMs write the same run database at the same time; both are recorded whole. */
class RunDatabaseTwoProcessesTest {

    @TempDir
    Path dir;

    @Test
    void twoJvmsRecordTheirRunsWithoutLosingAStep() throws Exception {
        Workspace ws = new Workspace(dir);
        StringBuilder yaml = new StringBuilder("test_meta: {test_id: shared, tester: qa, description: two JVMs}\n"
                + "settings: {parallelism: 4}\nsteps:\n");
        for (int i = 1; i <= 30; i++) {
            yaml.append("  - {idx: ").append(i).append(", name: s").append(i)
                    .append(", type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {k")
                    .append(i % 5).append(": ").append(i).append("}}, depends_on: []}\n");
        }
        Path recipe = ws.recipe("shared.yaml", yaml.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> jvms = new ArrayList<>();
        for (String runId : List.of("jvm-a", "jvm-b")) {
            jvms.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LaunchMain.class.getName(),
                    recipe.toString(), Constants.WORKSPACE + "=" + ws.root(), Constants.RUN_ID + "=" + runId,
                    Constants.REPORTS + "=database")
                    .redirectErrorStream(true).redirectOutput(ws.resolve(runId + ".out").toFile()).start());
        }
        for (Process jvm : jvms) {
            assertThat(jvm.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(jvm.exitValue()).isZero();
        }
        try (RunDatabase db = RunDatabase.open(ws.resolve("Data/orchestrator.db"))) {
            assertThat(db.lastRuns("shared", 5)).extracting(RunDatabase.RecipeRun::runId)
                    .containsExactlyInAnyOrder("jvm-a", "jvm-b");
            for (String runId : List.of("jvm-a", "jvm-b")) {
                assertThat(db.steps(runId, "shared")).as(runId + ": " + Files.readString(ws.resolve(runId + ".out")))
                        .hasSize(30).allSatisfy(step -> assertThat(step.status()).isEqualToIgnoringCase("passed"));
            }
            assertThat(db.history("shared", "k1")).hasSize(2 * 6);
        }
    }
}
