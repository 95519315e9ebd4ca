package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allure's own {@code allure.results.directory}, from configuration or {@code allure.properties}, is honoured
 * (engine runs writing there: {@code AllureEngineTest} of the allure plugin).
 */
class AllureDirectoryTest {

    @TempDir
    Path dir;

    private Path workspace() {
        return dir.resolve("ws");
    }

    private Path workingDirectory() {
        return dir.resolve("module");
    }

    /** A class path whose folders each hold an {@code allure.properties} with the given results directory. */
    private URLClassLoader classPathWith(String... resultsDirectories) throws Exception {
        URL[] folders = new URL[resultsDirectories.length];
        for (int i = 0; i < resultsDirectories.length; i++) {
            Path folder = Files.createDirectories(dir.resolve("classes" + i));
            Files.writeString(folder.resolve("allure.properties"),
                    "allure.link.issue.pattern=https://example.org/{}\nallure.results.directory="
                            + resultsDirectories[i] + "\n");
            folders[i] = folder.toUri().toURL();
        }
        return new URLClassLoader(folders, getClass().getClassLoader());
    }

    private Path resolve(Properties config, ClassLoader classPath) {
        return AllureDirectory.resolve(workspace(), config, classPath, workingDirectory());
    }

    private static Properties config(String... pairs) {
        Properties config = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            config.setProperty(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    @Test
    void withNoSettingResultsGoToTheWorkspacesReportsFolder() {
        assertThat(resolve(config(), null)).isEqualTo(workspace().resolve("reports/allure-results"));
    }

    @Test
    void allurePropertiesOnTheClassPathIsReadAndARelativePathResolvesAgainstTheWorkingDirectoryAsInAllure()
            throws Exception {
        try (URLClassLoader classPath = classPathWith("target/allure-results")) {
            assertThat(resolve(config(), classPath)).isEqualTo(workingDirectory().resolve("target/allure-results"));
        }
    }

    @Test
    void aLaterAllurePropertiesOnTheClassPathOverridesAnEarlierOne() throws Exception {
        try (URLClassLoader classPath = classPathWith("first", "second")) {
            assertThat(resolve(config(), classPath)).isEqualTo(workingDirectory().resolve("second"));
        }
    }

    @Test
    void theConfigurationParameterWinsOverAllureProperties() throws Exception {
        try (URLClassLoader classPath = classPathWith("from-file")) {
            assertThat(resolve(config(ReportKeys.ALLURE_RESULTS_DIRECTORY, "from-parameter"), classPath))
                    .isEqualTo(workingDirectory().resolve("from-parameter"));
        }
    }

    @Test
    void theEnginesOwnKeyWinsOverAlluresAndResolvesAgainstTheWorkspace() throws Exception {
        try (URLClassLoader classPath = classPathWith("from-file")) {
            assertThat(resolve(config(ReportKeys.ALLURE_RESULTS_DIRECTORY, "from-parameter",
                    ReportKeys.ALLURE_RESULTS_DIR, "own"), classPath)).isEqualTo(workspace().resolve("own"));
        }
    }
}
