package dev.orchestrator.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the reports of a run go and which are written (SPEC §2, §8).
 *
 * @param workspace        the workspace folder
 * @param allureResultsDir Allure results ({@link AllureDirectory})
 * @param project          the Allure parentSuite ({@link ReportKeys#PROJECT})
 * @param enabled          the names of the reports to write ({@link ReportKeys#REPORTS})
 * @param allureClean      delete earlier results from the Allure folder at run start ({@link ReportKeys#ALLURE_CLEAN})
 */
record ReportSettings(Path workspace, Path allureResultsDir, String project, Set<String> enabled,
                      boolean allureClean) {

    static final Set<String> ALL = Set.of("allure", "database", "excel", "graph");

    ReportSettings {
        enabled = Set.copyOf(enabled);
    }

    static ReportSettings from(Path workspace, Properties properties) {
        return from(workspace, properties, null, Path.of("").toAbsolutePath());
    }

    /**
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
                Boolean.parseBoolean(properties.getProperty(ReportKeys.ALLURE_CLEAN, "false").trim()));
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
