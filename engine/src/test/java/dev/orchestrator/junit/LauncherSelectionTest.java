package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.suite.ClasspathRecipesSuite;
import dev.orchestrator.junit.suite.GlobFilteredSuite;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Selection under the real Launcher: the only/skip pruning filter it loads itself, and suites. */
class LauncherSelectionTest {

    private static final String PUT = "dev.orchestrator.testing.Scriptlets$Put";

    @TempDir
    Path dir;

    private LauncherDiscoveryRequest request(Map<String, String> config, DiscoverySelector... selectors) {
        return LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter(Constants.WORKSPACE, dir.toString())
                .configurationParameter(Constants.REPORTS, "none")
                .configurationParameters(config).build();
    }

    private static List<String> tests(TestPlan plan) {
        List<String> names = new ArrayList<>();
        plan.getRoots().forEach(root -> plan.getDescendants(root).stream().filter(TestIdentifier::isTest)
                .forEach(id -> names.add(id.getDisplayName())));
        return names;
    }

    private Path chain() {
        return new Workspace(dir).recipe("chain.yaml", """
                test_meta: {test_id: chain, tester: qa, description: three steps}
                steps:
                  - {idx: 1, name: a, type: java, class: %1$s, params: {set: {from_a: 1}}}
                  - {idx: 2, name: b, type: java, class: %1$s, params: {set: {from_b: 2}}}
                  - {idx: 3, name: c, type: java, class: %1$s, success: {ctx_has_keys: [from_a, from_b]}}
                """.formatted(PUT));
    }

    @Test
    void pruneModeLeavesStepsLeftOutByOnlyAndSkipOutOfTheTestPlan() {
        Path recipe = chain();
        TestPlan plan = LauncherFactory.create().discover(request(Map.of(Constants.SELECTION_MODE, "prune",
                Constants.SKIP, "b"), selectFile(recipe.toFile())));
        assertThat(tests(plan)).containsExactly("a", "c");
        TestPlan only = LauncherFactory.create().discover(request(Map.of(Constants.SELECTION_MODE, "prune",
                Constants.ONLY, "c"), selectFile(recipe.toFile())));
        assertThat(tests(only)).containsExactly("c");
    }

    @Test
    void reportModeKeepsThemInThePlanToReportThemSkipped() {
        TestPlan plan = LauncherFactory.create().discover(request(Map.of(Constants.SKIP, "b"),
                selectFile(chain().toFile())));
        assertThat(tests(plan)).containsExactly("a", "b", "c");
    }

    @Test
    void aPrunedRunRestoresTheLeftOutStepsFromTheirCheckpointsAndReportsOnlyWhatRan() {
        Path recipe = chain();
        LauncherFactory.create().execute(request(Map.of(), selectFile(recipe.toFile())));
        List<String> finished = new ArrayList<>();
        LauncherFactory.create().execute(request(Map.of(Constants.SELECTION_MODE, "prune", Constants.ONLY, "c"),
                selectFile(recipe.toFile())), new TestExecutionListener() {
                    @Override
                    public void executionSkipped(TestIdentifier id, String reason) {
                        finished.add(id.getDisplayName() + " SKIPPED");
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            finished.add(id.getDisplayName() + " " + result.getStatus());
                        }
                    }
                });
        assertThat(finished).containsExactly("c SUCCESSFUL");
    }

    @Test
    void theSelectPropertyRunsOnceUnderASuiteThatSurefireHandsToEveryEngine() {
        List<String> finished = new ArrayList<>();
        LauncherFactory.create().execute(request(Map.of(Constants.SELECT, "classpath:recipes/classpath_recipe.yaml:10"),
                selectClass(ClasspathRecipesSuite.class)), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            finished.add(id.getUniqueId() + " " + result.getStatus());
                        }
                    }
                });
        assertThat(finished).singleElement().asString()
                .startsWith("[engine:junit-platform-suite]").endsWith("[step:put_value] SUCCESSFUL");
    }

    @Test
    void theRecipesGlobFiltersTheRecipesOfASuite() {
        assertThat(tests(LauncherFactory.create().discover(request(Map.of(), selectClass(GlobFilteredSuite.class)))))
                .isEmpty();
        assertThat(tests(LauncherFactory.create().discover(request(Map.of(), selectClass(ClasspathRecipesSuite.class)))))
                .containsExactly("put_value");
    }
}
