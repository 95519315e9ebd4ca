package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Reruns as Surefire's {@code rerunFailingTestsCount} does them (a second execution in the same launcher
 * session, selecting the failed tests by unique id), and the rerun file.
 */
class RerunTest {

    private static final String PUT = "dev.orchestrator.testing.Scriptlets$Put";

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        recipe = ws.recipe("flaky.yaml", """
                test_meta: {test_id: flaky, tester: qa, description: b fails until b.ok exists}
                steps:
                  - {idx: 1, name: a, type: java, class: %1$s, params: {set: {from_a: 1}}}
                  - {idx: 2, name: b, type: java, class: %1$s, params: {set: {from_b: 2}}, success: {files_exist: [b.ok]}}
                  - {idx: 3, name: c, type: java, class: %1$s, params: {set: {from_c: 3}}}
                  - {idx: 4, name: d, type: java, class: %1$s, params: {set: {from_d: 4}}}
                  - {idx: 5, name: e, type: java, class: %1$s, depends_on: [a]}
                """.formatted(PUT));
    }

    private List<String> execute(Launcher launcher, DiscoverySelector selector) {
        List<String> events = new ArrayList<>();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selector)
                .configurationParameter(Constants.WORKSPACE, ws.root().toString())
                .configurationParameter(Constants.REPORTS, "none")
                .configurationParameter(Constants.RERUN_FILE, "target/orchestrator-rerun.txt")
                .build(), new TestExecutionListener() {
                    @Override
                    public void dynamicTestRegistered(TestIdentifier id) {
                        events.add(id.getDisplayName() + " registered");
                    }

                    @Override
                    public void executionSkipped(TestIdentifier id, String reason) {
                        if (id.isTest()) {
                            events.add(id.getDisplayName() + " SKIPPED");
                        }
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            events.add(id.getDisplayName() + " " + result.getStatus());
                        }
                    }
                });
        return events;
    }

    @Test
    void aRerunOfAFailedStepThatNowPassesAlsoRunsTheStepsSkippedBecauseOfIt() throws Exception {
        try (LauncherSession session = LauncherFactory.openSession()) {
            List<String> first = execute(session.getLauncher(), selectFile(recipe.toFile()));
            assertThat(first).containsExactlyInAnyOrder("a SUCCESSFUL", "b FAILED", "c SKIPPED", "d SKIPPED",
                    "e SUCCESSFUL");
            ws.file("b.ok", "");
            List<String> rerun = execute(session.getLauncher(),
                    selectUniqueId("[engine:orchestrator]/[recipe:flaky]/[step:b]"));
            assertThat(rerun).containsExactly("c registered", "d registered", "b SUCCESSFUL", "c SUCCESSFUL",
                    "d SUCCESSFUL");
        }
    }

    @Test
    void aRerunOfAStepThatFailsAgainReportsItsDependentsSkippedAgain() {
        try (LauncherSession session = LauncherFactory.openSession()) {
            execute(session.getLauncher(), selectFile(recipe.toFile()));
            List<String> rerun = execute(session.getLauncher(),
                    selectUniqueId("[engine:orchestrator]/[recipe:flaky]/[step:b]"));
            assertThat(rerun).containsExactly("c registered", "d registered", "b FAILED", "c SKIPPED", "d SKIPPED");
        }
    }

    @Test
    void selectingAStepThatDidNotFailAddsNothing() {
        try (LauncherSession session = LauncherFactory.openSession()) {
            execute(session.getLauncher(), selectFile(recipe.toFile()));
            assertThat(execute(session.getLauncher(), selectUniqueId("[engine:orchestrator]/[recipe:flaky]/[step:e]")))
                    .containsExactly("e SUCCESSFUL");
        }
    }

    @Test
    void theRerunFileListsFailedStepsAndTheirSkippedDependentsAndReadsBackAsASelection() throws Exception {
        Path rerunFile = ws.resolve("target/orchestrator-rerun.txt");
        execute(LauncherFactory.create(), selectFile(recipe.toFile()));
        assertThat(Files.readAllLines(rerunFile))
                .containsExactly("recipes/flaky.yaml:4", "recipes/flaky.yaml:5", "recipes/flaky.yaml:6");

        ws.file("b.ok", "");
        List<String> rerun = new ArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .configurationParameter(Constants.WORKSPACE, ws.root().toString())
                .configurationParameter(Constants.REPORTS, "none")
                .configurationParameter(Constants.SELECT, "@target/orchestrator-rerun.txt")
                .configurationParameter(Constants.RERUN_FILE, "target/orchestrator-rerun.txt")
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            rerun.add(id.getDisplayName() + " " + result.getStatus());
                        }
                    }
                });
        assertThat(rerun).containsExactly("b SUCCESSFUL", "c SUCCESSFUL", "d SUCCESSFUL");
        assertThat(Files.readAllLines(rerunFile)).as("nothing left to rerun").isEmpty();
    }
}
