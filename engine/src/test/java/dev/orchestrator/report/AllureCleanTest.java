package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureCleanTest {

    @TempDir
    Path dir;

    private long results(Workspace ws) throws Exception {
        try (Stream<Path> files = Files.list(ws.resolve("reports/allure-results"))) {
            return files.filter(f -> f.toString().endsWith("-result.json")).count();
        }
    }

    @Test
    void earlierResultsAccumulateUnlessCleanIsAskedFor() throws Exception {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: twice}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                  - {idx: 2, name: b, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
        ws.file("reports/allure-results/history/history.json", "{}");
        EngineRun.in(ws).execute(selectFile(recipe.toFile()));
        EngineRun.in(ws).execute(selectFile(recipe.toFile()));
        assertThat(results(ws)).isEqualTo(4);

        EngineRun.in(ws).config(Constants.ALLURE_CLEAN, "true").execute(selectFile(recipe.toFile()));
        assertThat(results(ws)).isEqualTo(2);
        assertThat(ws.resolve("reports/allure-results/history/history.json")).exists();
    }
}
