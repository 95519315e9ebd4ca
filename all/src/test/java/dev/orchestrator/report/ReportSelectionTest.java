package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With every report plugin on the class path, {@code orchestrator.reports} writes the chosen ones and only them. */
class ReportSelectionTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void workspaceWithARecipe() {
        ws = new Workspace(dir);
        recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: which reports are written}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
    }

    private void run(String reports) {
        EngineRun.in(ws).config(Constants.REPORTS, reports).execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void aChosenPluginWritesItsReportAndTheOthersWriteNothing() {
        run("excel");

        assertThat(ws.resolve("reports/excel/test-run.xlsx")).isRegularFile();
        assertThat(ws.resolve("Data/orchestrator.db")).doesNotExist();
        assertThat(ws.resolve("reports/allure-results")).doesNotExist();
        assertThat(ws.resolve("reports/graphs")).doesNotExist();
        assertThat(ws.resolve("Assets")).doesNotExist();
    }

    @Test
    void eachChosenPluginWritesWhereItsPathSays() {
        run("database:Data/runs.db, allure:target/allure-results, graph");

        assertThat(ws.resolve("Data/runs.db")).isRegularFile();
        assertThat(ws.resolve("Data/orchestrator.db")).doesNotExist();
        assertThat(ws.resolve("target/allure-results")).isNotEmptyDirectory();
        assertThat(ws.resolve("reports/allure-results")).doesNotExist();
        assertThat(ws.resolve("reports/graphs")).isNotEmptyDirectory();
        assertThat(ws.resolve("reports/excel")).doesNotExist();
    }

    @Test
    void noneWritesNoReport() {
        run("none");

        assertThat(ws.resolve("reports")).doesNotExist();
        assertThat(ws.resolve("Data/orchestrator.db")).doesNotExist();
        assertThat(ws.resolve("Assets")).doesNotExist();
    }
}
