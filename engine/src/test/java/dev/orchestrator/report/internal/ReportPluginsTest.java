package dev.orchestrator.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.report.ListingReport;
import dev.orchestrator.report.ReportPlugin;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code orchestrator.reports} chooses among the reports on the class path: the engine alone has the built-in graph;
 * Allure, the run database and Excel are plugins of their own artifacts (their tests run with them), found with
 * {@link java.util.ServiceLoader} like any third party's.
 */
class ReportPluginsTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void workspaceWithARecipe() {
        ws = new Workspace(dir.resolve("ws"));
        recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: which reports are written}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
    }

    private List<DiscoveryIssue> issues(String reports) {
        return EngineRun.in(ws).config(Constants.REPORTS, reports).discover(selectFile(recipe.toFile()))
                .getDiscoveryIssues();
    }

    @Test
    void anUnknownNameIsADiscoveryErrorNamingTheKeyAndTheAcceptedNames() {
        List<DiscoveryIssue> issues = issues("graph, nosuch");

        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).contains("orchestrator.reports='nosuch'")
                    .contains("expected a comma-separated list of allure, database, excel, graph, none");
        });
        EngineExecutionResults run = EngineRun.in(ws).config(Constants.REPORTS, "nosuch")
                .execute(selectFile(recipe.toFile()));
        run.testEvents().assertStatistics(s -> s.started(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"allure", "database", "excel"})
    void aReportWhoseArtifactIsNotOnTheClassPathIsADiscoveryErrorNamingTheArtifactToAdd(String report) {
        List<DiscoveryIssue> issues = issues(report);

        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).contains("orchestrator.reports='" + report + "'")
                    .contains("a report on the class path (graph, none)")
                    .contains("dev.orchestrator:orchestrator-report-" + report)
                    .contains("dev.orchestrator:orchestrator-all");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"graph:../elsewhere", "graph:/tmp/graphs", "graph:", "none:reports"})
    void anOutputOutsideTheWorkspaceOrAPathForNoneIsADiscoveryError(String reports) {
        assertThat(issues(reports)).singleElement().satisfies(issue ->
                assertThat(issue.message()).contains("orchestrator.reports='" + reports + "'"));
    }

    @Test
    void withoutTheKeyTheEngineAloneWritesItsBuiltInReportOnly() throws Exception {
        assertThat(issues(" ")).isEmpty();

        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(ws.resolve("Assets/step_sequence.png")).isRegularFile();
        assertThat(ws.resolve("reports/graphs")).isNotEmptyDirectory();
        assertThat(ws.resolve("Data/orchestrator.db")).doesNotExist();
        assertThat(ws.resolve("reports/allure-results")).doesNotExist();
        assertThat(ws.resolve("reports/excel")).doesNotExist();
    }

    @Test
    void aPluginFoundWithServiceLoaderWritesToThePathGivenWithItsName() throws Exception {
        withListingPlugin(() -> EngineRun.in(ws).config(Constants.REPORTS, "listing:out/steps.txt")
                .execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(1)));

        assertThat(ws.resolve("out/steps.txt")).hasContent("a");
        assertThat(ws.resolve("reports")).as("graph, not chosen").doesNotExist();
        assertThat(ws.resolve("Assets")).as("graph, not chosen").doesNotExist();
    }

    @Test
    void aPluginHearsTheCtxChangesOfEachStepBeforeItsEnd() throws Exception {
        Path changes = ws.recipe("changes.yaml", """
                test_meta: {test_id: changes, tester: qa, description: ctx changes reach a plugin as events}
                steps:
                  - {idx: 1, name: writes, type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {k: 1, j: "x"}}}
                  - {idx: 2, name: reads_only, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
        withListingPlugin(() -> EngineRun.in(ws).config(Constants.REPORTS, "listing")
                .execute(selectFile(changes.toFile())).testEvents().assertStatistics(s -> s.succeeded(2)));

        assertThat(Files.readAllLines(ws.resolve("reports/listing.txt")))
                .containsExactly("ctx writes SET k=1", "ctx writes SET j=\"x\"", "writes", "reads_only");
    }

    @Test
    void withoutTheKeyEveryPluginOnTheClassPathIsWritten() throws Exception {
        withListingPlugin(() -> EngineRun.in(ws).execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(1)));

        assertThat(ws.resolve("reports/listing.txt")).hasContent("a");
        assertThat(ws.resolve("reports/graphs")).isNotEmptyDirectory();
    }

    @Test
    void aPluginIsAcceptedOnlyWhereItIsOnTheClassPath() throws Exception {
        assertThat(issues("listing")).singleElement().satisfies(issue ->
                assertThat(issue.message()).contains("'listing'").contains("allure, database, excel, graph, none"));
        assertThat(withListingPlugin(() -> issues("listing,graph"))).isEmpty();
    }

    /** Runs {@code action} with {@link ListingReport} registered through the thread's context class loader. */
    private <T> T withListingPlugin(Callable<T> action) throws Exception {
        Path services = Files.createDirectories(dir.resolve("plugin/META-INF/services"));
        Files.writeString(services.resolve(ReportPlugin.class.getName()), ListingReport.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {dir.resolve("plugin").toUri().toURL()}, before)) {
            thread.setContextClassLoader(plugin);
            return action.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
