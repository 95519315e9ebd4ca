package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A launch that selects no recipe (Surefire hands every engine its test classes and its reruns' ids) opens no
 * run: no database row, no workbook, no Allure result, no graph and no runner-log entry.
 */
class EmptyLaunchTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void workspaceWithARecipe() throws Exception {
        ws = new Workspace(dir);
        Files.createDirectories(ws.resolve("templates"));
        Files.copy(Workspace.repository().resolve("templates/report_template.xlsx"), ws.resolve("templates/report_template.xlsx"));
        recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: present but not selected, tags: [smoke]}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
    }

    /** Every file of the workspace except the recipe and the template this test wrote. */
    private long outputs() throws Exception {
        try (Stream<Path> files = Files.walk(ws.root())) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(ws.resolve("recipes")) && !f.startsWith(ws.resolve("templates")))
                    .count();
        }
    }

    @Test
    void aLaunchWithOnlyClassSelectorsLeavesNothingBehind() throws Exception {
        EngineExecutionResults results = EngineRun.in(ws).execute(selectClass(EmptyLaunchTest.class));

        results.allEvents().assertStatistics(s -> s.started(1).finished(1).failed(0));
        assertThat(outputs()).isZero();
    }

    @Test
    void aLaunchRerunningAnotherEnginesTestLeavesNothingBehind() throws Exception {
        EngineRun.in(ws).execute(selectUniqueId("[engine:junit-jupiter]/[class:com.example.SomeTest]/[method:flaky()]"));

        assertThat(outputs()).isZero();
    }

    @Test
    void aLaunchWhoseTagFilterLeavesNoStepLeavesNothingBehind() throws Exception {
        EngineRun.in(ws).filters(TagFilter.includeTags("slow")).execute(selectFile(recipe.toFile()));

        assertThat(outputs()).isZero();
    }

    @Test
    void aLaunchWithARecipeStillWritesEveryReport() throws Exception {
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(ws.resolve("Data/orchestrator.db")).isRegularFile();
        assertThat(ws.resolve("Logs/orchestrator.log")).isRegularFile();
        assertThat(ws.resolve("reports/excel")).isNotEmptyDirectory();
        assertThat(ws.resolve("reports/allure-results")).isNotEmptyDirectory();
    }
}
