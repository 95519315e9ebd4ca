package dev.orchestrator.report.allure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine runs write their Allure results where the configuration says (the rules: AllureDirectoryTest). */
class AllureEngineTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void workspaceWithARecipe() throws Exception {
        ws = new Workspace(dir.resolve("ws"));
        recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: where the results go}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
    }

    private static long results(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith("-result.json")).count();
        }
    }

    @Test
    void anEngineRunWritesItsResultsToTheAllureResultsDirectoryGivenAsAConfigurationParameter() throws Exception {
        Path elsewhere = dir.resolve("elsewhere/allure-results");

        EngineRun.in(ws).config(ReportKeys.ALLURE_RESULTS_DIRECTORY, elsewhere.toString())
                .config(ReportKeys.REPORTS, "allure").execute(selectFile(recipe.toFile()));

        assertThat(results(elsewhere)).isEqualTo(1);
        assertThat(ws.resolve("reports/allure-results")).doesNotExist();
    }

    @Test
    void anEngineRunReadsAllurePropertiesFromTheClassPathItRunsWith() throws Exception {
        Path elsewhere = dir.resolve("from-allure-properties");
        Path folder = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(folder.resolve("allure.properties"), "allure.results.directory=" + elsewhere + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader classPath = new URLClassLoader(new URL[] {folder.toUri().toURL()}, before)) {
            thread.setContextClassLoader(classPath);
            EngineRun.in(ws).config(ReportKeys.REPORTS, "allure").execute(selectFile(recipe.toFile()));
        } finally {
            thread.setContextClassLoader(before);
        }

        assertThat(results(elsewhere)).isEqualTo(1);
        assertThat(ws.resolve("reports/allure-results")).doesNotExist();
    }

    @Test
    void aPathGivenWithTheReportsNameWinsOverEveryOtherAllureSetting() throws Exception {
        EngineRun.in(ws).config(ReportKeys.REPORTS, "allure:target/allure-results")
                .config(ReportKeys.ALLURE_RESULTS_DIR, "elsewhere").execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(results(ws.resolve("target/allure-results"))).isEqualTo(1);
        assertThat(ws.resolve("elsewhere")).doesNotExist();
        assertThat(ws.resolve("reports")).doesNotExist();
    }
}
