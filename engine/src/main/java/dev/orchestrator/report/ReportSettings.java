package dev.orchestrator.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Where the reports of a run go and which are written (docs/reports.md, docs/configuration.md).
 *
 * @param workspace        the workspace folder
 * @param allureResultsDir Allure results ({@link AllureDirectory})
 * @param project          the Allure parentSuite ({@link ReportKeys#PROJECT})
 * @param enabled          the names of the reports to write ({@link ReportKeys#REPORTS})
 * @param allureClean      delete earlier results from the Allure folder at run start ({@link ReportKeys#ALLURE_CLEAN})
 * @param databaseRaw      true: the database keeps ctx values unmasked ({@link ReportKeys#DATABASE_SECRETS} {@code raw})
 */
@API(status = INTERNAL)
public record ReportSettings(Path workspace, Path allureResultsDir, String project, Set<String> enabled,
                             boolean allureClean, boolean databaseRaw) {

    /** The names {@link ReportKeys#REPORTS} accepts, besides {@code none}. */
    public static final Set<String> ALL = Set.of("allure", "database", "excel", "graph");

    public ReportSettings {
        enabled = Set.copyOf(enabled);
    }

    /**
     * The settings of a run from already validated values (the engine checks them at discovery).
     *
     * @param workspace  the workspace folder
     * @param resultsDir {@link ReportKeys#ALLURE_RESULTS_DIR}, relative to the workspace; empty: not set
     * @param allureDir  {@link ReportKeys#ALLURE_RESULTS_DIRECTORY}; empty: not set
     * @param classPath  where {@code allure.properties} is looked up (null: nowhere); see {@link AllureDirectory}
     * @param project    {@link ReportKeys#PROJECT}; empty: the workspace folder's name
     * @param enabled    names out of {@link #ALL}; empty: none
     * @param clean      {@link ReportKeys#ALLURE_CLEAN}
     * @param databaseRaw {@link ReportKeys#DATABASE_SECRETS} is {@code raw}
     * @throws java.io.UncheckedIOException if an {@code allure.properties} on the class path cannot be read
     */
    public static ReportSettings of(Path workspace, Optional<String> resultsDir, Optional<String> allureDir,
                                    ClassLoader classPath, Optional<String> project, Set<String> enabled,
                                    boolean clean, boolean databaseRaw) {
        Path ws = workspace.toAbsolutePath().normalize();
        Properties dirs = new Properties();
        resultsDir.ifPresent(dir -> dirs.setProperty(ReportKeys.ALLURE_RESULTS_DIR, dir));
        allureDir.ifPresent(dir -> dirs.setProperty(ReportKeys.ALLURE_RESULTS_DIRECTORY, dir));
        Path allure = AllureDirectory.resolve(ws, dirs, classPath, Path.of("").toAbsolutePath());
        String name = project.orElse(ws.getFileName() == null ? "orchestrator" : ws.getFileName().toString());
        Set<String> known = new java.util.HashSet<>(enabled);
        known.retainAll(ALL);
        return new ReportSettings(ws, allure.normalize(), name, known, clean, databaseRaw);
    }

    static ReportSettings from(Path workspace, Properties properties) {
        return from(workspace, properties, null, Path.of("").toAbsolutePath());
    }

    /**
     * For tests: settings read, unchecked, from {@link ReportKeys} in {@code properties}.
     *
     * @param classPath        where {@code allure.properties} is looked up (null: nowhere)
     * @param workingDirectory what a relative {@code allure.results.directory} resolves against
     */
    static ReportSettings from(Path workspace, Properties properties, ClassLoader classPath, Path workingDirectory) {
        Path ws = workspace.toAbsolutePath().normalize();
        Path allure = AllureDirectory.resolve(ws, properties, classPath, workingDirectory);
        String project = properties.getProperty(ReportKeys.PROJECT, "").trim();
        if (project.isEmpty()) {
            project = ws.getFileName() == null ? "orchestrator" : ws.getFileName().toString();
        }
        return new ReportSettings(ws, allure.normalize(), project, enabled(properties.getProperty(ReportKeys.REPORTS)),
                Boolean.parseBoolean(properties.getProperty(ReportKeys.ALLURE_CLEAN, "false").trim()),
                Reports.databaseRaw(properties.getProperty(ReportKeys.DATABASE_SECRETS)));
    }

    private static Set<String> enabled(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        Set<String> names = Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        names.retainAll(ALL);
        return names;
    }

    boolean isEnabled(String report) {
        return enabled.contains(report);
    }

    Path database() {
        return workspace.resolve("Data").resolve("orchestrator.db");
    }

    Path excelDir() {
        return workspace.resolve("reports").resolve("excel");
    }

    Path excelTemplate() {
        return workspace.resolve("templates").resolve(ExcelTemplate.FILE_NAME);
    }

    Path graphDir() {
        return workspace.resolve("reports").resolve("graphs");
    }

    Path assets() {
        return workspace.resolve("Assets");
    }
}
