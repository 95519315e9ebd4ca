package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.orchestrator.junit.suite.ClasspathRecipesSuite;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The engine under the real Launcher, as Surefire and IDEs run it: beside a suite, with every engine present. */
class SuiteIntegrationTest {

    @TempDir
    Path dir;

    private List<String> run(DiscoverySelector... selectors) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().enableImplicitConfigurationParameters(false)
                .selectors(selectors)
                .configurationParameter(Constants.WORKSPACE, dir.toString())
                .build();
        List<String> finishedTests = new ArrayList<>();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    finishedTests.add(id.getUniqueId() + " " + result.getStatus());
                }
            }
        });
        return finishedTests;
    }

    @Test
    void aSuiteRunsItsRecipesOnceAndTheRootEngineIgnoresTheClassSelector() {
        // Surefire sends the suite class to every engine: the suite runs the recipes, the orchestrator
        // engine (as a root engine) must not run them a second time.
        List<String> finished = run(selectClass(ClasspathRecipesSuite.class));
        assertThat(finished).hasSize(1);
        assertThat(finished.get(0))
                .startsWith("[engine:junit-platform-suite]/[suite:" + ClasspathRecipesSuite.class.getName() + "]"
                        + "/[engine:orchestrator]/[recipe:classpath_recipe]/[step:put_value]")
                .endsWith("SUCCESSFUL");
    }

    @Test
    void aStepUniqueIdUnderTheSuiteResolvesForReruns() {
        List<String> finished = run(selectUniqueId("[engine:junit-platform-suite]/[suite:"
                + ClasspathRecipesSuite.class.getName() + "]/[engine:orchestrator]/[recipe:classpath_recipe]/[step:put_value]"));
        assertThat(finished).singleElement().asString().endsWith("SUCCESSFUL");
    }

    @Test
    void recipesInFoldersWithSpacesRun() {
        Workspace ws = new Workspace(dir.resolve("my workspace"));
        Path recipe = ws.recipe("with space/r.yaml", """
                test_meta: {test_id: spaced, tester: qa, description: a path with spaces}
                steps:
                  - {idx: 1, name: touch, type: java, class: dev.orchestrator.testing.Scriptlets$Touch, params: {file: "out dir/x.txt"}, success: {files_exist: ["out dir/x.txt"]}}
                """);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().enableImplicitConfigurationParameters(false)
                .selectors(selectFile(recipe.toFile()))
                .configurationParameter(Constants.WORKSPACE, ws.root().toString())
                .build();
        List<String> statuses = new ArrayList<>();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    statuses.add(result.getStatus().toString());
                }
            }
        });
        assertThat(statuses).containsExactly("SUCCESSFUL");
    }
}
