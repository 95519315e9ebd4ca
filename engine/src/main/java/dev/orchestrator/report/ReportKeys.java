package dev.orchestrator.report;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Configuration keys of the reports, read like every {@code orchestrator.*} key from the JUnit configuration
 * parameters ({@code junit-platform.properties}, {@code -D…}, Surefire's {@code configurationParameters}).
 */
@API(status = STABLE, since = "0.1")
public final class ReportKeys {

    /**
     * Where Allure results go. A relative path resolves against the workspace. Default:
     * {@code <workspace>/reports/allure-results}.
     */
    public static final String ALLURE_RESULTS_DIR = "orchestrator.allure.results-dir";

    /**
     * Allure's own setting for where results go, read as the Allure adapters read it: as a configuration
     * parameter or a system property, else from {@code allure.properties} on the class path. A relative path
     * resolves against the JVM's working directory, as in Allure. {@link #ALLURE_RESULTS_DIR} wins over it.
     */
    public static final String ALLURE_RESULTS_DIRECTORY = "allure.results.directory";

    /**
     * The project name: the Allure {@code parentSuite} label of every step. Default: the workspace folder's
     * name ({@code orchestrator} when it has none).
     */
    public static final String PROJECT = "orchestrator.project";

    /**
     * Which reports to write, comma-separated, out of {@code allure, database, excel, graph}; {@code none}
     * writes none. Default: all.
     */
    public static final String REPORTS = "orchestrator.reports";

    /**
     * {@code true}: each run first deletes the results of earlier runs from the Allure results folder (its
     * {@code history/} is kept, so trends survive), so earlier runs of a step do not show as retries.
     * Default: {@code false} (several launches, for example several Maven modules, may add to one folder).
     */
    public static final String ALLURE_CLEAN = "orchestrator.allure.clean";

    /**
     * {@code masked}: the run database stores ctx values with secrets masked, like every other report;
     * {@code raw}: it stores them as they were (the database is then as sensitive as the secrets). Failure
     * messages and skip reasons are masked either way. Default: {@code masked}.
     */
    public static final String DATABASE_SECRETS = "orchestrator.database.secrets";

    private ReportKeys() {
    }
}
