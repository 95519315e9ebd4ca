package dev.orchestrator.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.report.internal.ReportPlugins;
import dev.orchestrator.report.internal.Reports;
import java.nio.file.Path;
import org.apiguardian.api.API;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where the reports of a run go and which are written (docs/reports.md, docs/configuration.md).
 *
 * @param workspace        the workspace folder
 * @param allureResultsDir Allure results ({@link AllureDirectory})
 * @param project          the Allure parentSuite ({@link ReportKeys#PROJECT})
 * @param enabled          the names of the reports to write ({@link ReportKeys#REPORTS})
 * @param allureClean      delete earlier results from the Allure folder at run start ({@link ReportKeys#ALLURE_CLEAN})
 * @param databaseRaw      true: the database keeps ctx values unmasked ({@link ReportKeys#DATABASE_SECRETS} {@code raw})
 * @param outputs          the output locations given in {@link ReportKeys#REPORTS} ({@code name:path}), by report
 *                         name: absolute, inside the workspace
 * @param shard            this launch's shard ({@code k/n}) named in every Allure result; null when not sharded
 * @param databaseUrl      the run database's URL ({@code orchestrator.database.url}); null: SQLite at {@link #database()}
 */
@API(status = EXPERIMENTAL)
public record ReportSettings(Path workspace, Path allureResultsDir, String project, Set<String> enabled,
                             boolean allureClean, boolean databaseRaw, Map<String, Path> outputs, String shard,
                             String databaseUrl) {

    public ReportSettings {
        enabled = Set.copyOf(enabled);
        outputs = Map.copyOf(outputs);
    }

    /**
     * The settings of a run from already validated values (the engine checks them at discovery).
     *
     * @param workspace  the workspace folder
     * @param resultsDir {@link ReportKeys#ALLURE_RESULTS_DIR}, relative to the workspace; empty: not set
     * @param allureDir  {@link ReportKeys#ALLURE_RESULTS_DIRECTORY}; empty: not set
     * @param classPath  where {@code allure.properties} is looked up (null: nowhere); see {@link AllureDirectory}
     * @param project    {@link ReportKeys#PROJECT}; empty: the workspace folder's name
     * @param enabled    the chosen reports' names ({@link ReportPlugins#choose}); empty: none
     * @param clean      {@link ReportKeys#ALLURE_CLEAN}
     * @param databaseRaw {@link ReportKeys#DATABASE_SECRETS} is {@code raw}
     * @throws java.io.UncheckedIOException if an {@code allure.properties} on the class path cannot be read
     */
    public static ReportSettings of(Path workspace, Optional<String> resultsDir, Optional<String> allureDir,
                                    ClassLoader classPath, Optional<String> project, Set<String> enabled,
                                    boolean clean, boolean databaseRaw) {
        return of(workspace, resultsDir, allureDir, classPath, project, enabled, clean, databaseRaw, Map.of());
    }

    /**
     * As above, with the output locations {@link ReportKeys#REPORTS} gave ({@link ReportPlugins.Choice#outputs()});
     * an Allure one wins over every other Allure setting.
     */
    public static ReportSettings of(Path workspace, Optional<String> resultsDir, Optional<String> allureDir,
                                    ClassLoader classPath, Optional<String> project, Set<String> enabled,
                                    boolean clean, boolean databaseRaw, Map<String, Path> outputs) {
        Path ws = workspace.toAbsolutePath().normalize();
        Properties dirs = new Properties();
        resultsDir.ifPresent(dir -> dirs.setProperty(ReportKeys.ALLURE_RESULTS_DIR, dir));
        allureDir.ifPresent(dir -> dirs.setProperty(ReportKeys.ALLURE_RESULTS_DIRECTORY, dir));
        Path allure = outputs.containsKey("allure") ? outputs.get("allure")
                : AllureDirectory.resolve(ws, dirs, classPath, Path.of("").toAbsolutePath());
        String name = project.orElse(ws.getFileName() == null ? "orchestrator" : ws.getFileName().toString());
        return new ReportSettings(ws, allure.normalize(), name, enabled, clean, databaseRaw, outputs, null, null);
    }

    /** Settings read, unchecked, from {@link ReportKeys} in {@code properties}. */
    public static ReportSettings from(Path workspace, Properties properties) {
        return from(workspace, properties, null, Path.of("").toAbsolutePath());
    }

    /**
     * For tests: settings read, unchecked, from {@link ReportKeys} in {@code properties}.
     *
     * @param classPath        where {@code allure.properties} is looked up (null: nowhere)
     * @param workingDirectory what a relative {@code allure.results.directory} resolves against
     */
    public static ReportSettings from(Path workspace, Properties properties, ClassLoader classPath,
                                      Path workingDirectory) {
        Path ws = workspace.toAbsolutePath().normalize();
        Path allure = AllureDirectory.resolve(ws, properties, classPath, workingDirectory);
        String project = properties.getProperty(ReportKeys.PROJECT, "").trim();
        if (project.isEmpty()) {
            project = ws.getFileName() == null ? "orchestrator" : ws.getFileName().toString();
        }
        ReportPlugins.Choice chosen = ReportPlugins.on(ReportSettings.class.getClassLoader()).choose(
                Optional.ofNullable(properties.getProperty(ReportKeys.REPORTS)).map(String::trim)
                        .filter(v -> !v.isEmpty()), ws);
        return new ReportSettings(ws, allure.normalize(), project, chosen.names(),
                Boolean.parseBoolean(properties.getProperty(ReportKeys.ALLURE_CLEAN, "false").trim()),
                Reports.databaseRaw(properties.getProperty(ReportKeys.DATABASE_SECRETS)), chosen.outputs(), null, null);
    }

    /** These settings for shard {@code shard} ({@code k/n}; null or blank: not sharded). */
    public ReportSettings withShard(String shard) {
        String value = shard == null || shard.isBlank() ? null : shard.trim();
        return new ReportSettings(workspace, allureResultsDir, project, enabled, allureClean, databaseRaw, outputs,
                value, databaseUrl);
    }

    /** These settings with the run database at {@code url} ({@code jdbc:sqlite:…}, {@code jdbc:postgresql://…}; null: the default). */
    public ReportSettings withDatabaseUrl(String url) {
        return new ReportSettings(workspace, allureResultsDir, project, enabled, allureClean, databaseRaw, outputs,
                shard, url);
    }

    /** Whether the report of that name is written. */
    public boolean isEnabled(String report) {
        return enabled.contains(report);
    }

    /** The run database: {@code Data/orchestrator.db}, or the path given as {@code database:path}. */
    public Path database() {
        return outputs.getOrDefault("database", workspace.resolve("Data").resolve("orchestrator.db"));
    }

    /** The Excel workbooks' folder: {@code reports/excel}, or the path given as {@code excel:path}. */
    public Path excelDir() {
        return outputs.getOrDefault("excel", workspace.resolve("reports").resolve("excel"));
    }

    /** The per-recipe step graphs' folder: {@code reports/graphs}, or the path given as {@code graph:path}. */
    public Path graphDir() {
        return outputs.getOrDefault("graph", workspace.resolve("reports").resolve("graphs"));
    }

    /** Where the last run's step graph goes ({@code Assets/step_sequence.png}). */
    public Path assets() {
        return workspace.resolve("Assets");
    }
}
