package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run database keeps each step's own resource figures (moved from the engine's ProcessContainmentTest). */
class StepResourcesTest {

    @TempDir
    Path dir;

    @Test
    void peakMemoryIsThePythonStepsOwnNotTheJvmsAndFailedStepsKeepTheirFigures() throws Exception {
        Workspace ws = new Workspace(dir).withBridges();
        ws.file("Data/.keep", "");
        ws.file("steps/__init__.py", "");
        ws.file("steps/hog.py", """
                import time
                from scriptlets.python.core.base import BaseScriptlet
                class Hog(BaseScriptlet):
                    def run(self, ctx, params):
                        block = bytearray(48 * 1024 * 1024)
                        for i in range(0, len(block), 4096):
                            block[i] = 1
                        time.sleep(0.3)
                """);
        Path recipe = ws.recipe("measured.yaml", """
                test_meta: {test_id: measured, tester: qa, description: containment}
                steps:
                  - {idx: 1, name: hog, type: python, module: steps.hog, function: Hog}
                  - {idx: 2, name: unmet, type: python, module: steps.hog, function: Hog,
                     success: {files_exist: [Data/never.csv]}}
                """);
        EngineRun.in(ws).config(Constants.REPORTS, "database").execute(selectFile(recipe.toFile()));

        Map<String, RunDatabase.StepResult> steps;
        try (RunDatabase db = RunDatabase.open(ws.resolve("Data/orchestrator.db"))) {
            steps = db.steps("test-run", "measured").stream()
                    .collect(Collectors.toMap(RunDatabase.StepResult::step, Function.identity()));
        }
        long mib = 1024 * 1024;
        for (String step : List.of("hog", "unmet")) {
            RunDatabase.StepResult result = steps.get(step);
            assertThat(result.peakMemoryBytes()).as(step).isBetween(48 * mib, 120 * mib);
            assertThat(result.cpuMs()).as(step).isPositive();
        }
        assertThat(steps.get("unmet").status()).isEqualTo("failed");
    }
}
