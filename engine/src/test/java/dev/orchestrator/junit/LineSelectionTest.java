package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

/** "Run at cursor": a file selector with a line picks the step whose YAML block holds that line. */
class LineSelectionTest {

    private static final String PUT = "dev.orchestrator.testing.Scriptlets$Put";

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        // line numbers matter below: 1 test_meta, 5 settings, 8-12 step a, 13-14 gap, 15-19 step b, 21-25 step c
        recipe = ws.recipe("lines.yaml", """
                test_meta:
                  test_id: lines
                  tester: qa
                  description: three independent steps
                settings:
                  fail_fast: false
                steps:
                  - idx: 1
                    name: a
                    type: java
                    class: %1$s
                    params: {set: {from_a: 1}}

                  # b writes from_b
                  - idx: 2
                    name: b
                    type: java
                    class: %1$s
                    params: {set: {from_b: 2}}
                    depends_on: []
                  - idx: 3
                    name: c
                    type: java
                    class: %1$s
                    params: {set: {from_c: 3}}
                    depends_on: []
                """.formatted(PUT));
    }

    private List<String> stepsAtLine(int line) {
        EngineDiscoveryResults discovered = EngineRun.in(ws).discover(
                selectFile(recipe.toFile(), FilePosition.from(line)));
        return discovered.getEngineDescriptor().getDescendants().stream()
                .filter(TestDescriptor::isTest).map(TestDescriptor::getDisplayName).toList();
    }

    @Test
    void aLineInsideAStepSelectsThatStepOnly() {
        assertThat(stepsAtLine(17)).containsExactly("b");
        assertThat(stepsAtLine(8)).containsExactly("a");
        assertThat(stepsAtLine(12)).containsExactly("a");
        assertThat(stepsAtLine(25)).containsExactly("c");
    }

    @Test
    void aLineInTestMetaOrSettingsSelectsTheWholeRecipe() {
        assertThat(stepsAtLine(2)).containsExactly("a", "b", "c");
        assertThat(stepsAtLine(6)).containsExactly("a", "b", "c");
        assertThat(stepsAtLine(7)).as("the steps: key").containsExactly("a", "b", "c");
    }

    @Test
    void aBlankOrCommentLineBetweenStepsSelectsTheStepThatFollows() {
        assertThat(stepsAtLine(13)).containsExactly("b");
        assertThat(stepsAtLine(14)).containsExactly("b");
    }

    @Test
    void aParallelGroupLineSelectsItsFirstStepAndGroupedStepsAreFoundByTheirLines() {
        recipe = ws.recipe("grouped.yaml", """
                test_meta: {test_id: grouped, tester: qa, description: a parallel group}
                steps:
                  - idx: 1
                    name: a
                    type: java
                    class: %1$s
                  - parallel:
                      - idx: 2
                        name: b
                        type: java
                        class: %1$s
                      - {idx: 3, name: c, type: java, class: %1$s}
                  - {idx: 4, name: d, type: java, class: %1$s}
                """.formatted(PUT));
        assertThat(stepsAtLine(6)).containsExactly("a");
        assertThat(stepsAtLine(7)).as("the parallel: line").containsExactly("b");
        assertThat(stepsAtLine(10)).containsExactly("b");
        assertThat(stepsAtLine(12)).containsExactly("c");
        assertThat(stepsAtLine(13)).containsExactly("d");
    }

    @Test
    void aSelectedLineRunsOnlyItsStep() {
        EngineRun.in(ws).execute(selectFile(recipe.toFile(), FilePosition.from(22)))
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1))
                .assertThatEvents().haveExactly(1, event(step("c"), finishedSuccessfully()));
    }

    @Test
    void twoLinesOfOneRecipeSelectBothStepsUnderOneRecipe() {
        EngineDiscoveryResults discovered = EngineRun.in(ws).discover(
                selectFile(recipe.toFile(), FilePosition.from(9)), selectFile(recipe.toFile(), FilePosition.from(22)));
        assertThat(discovered.getEngineDescriptor().getChildren()).hasSize(1);
        assertThat(discovered.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName)).containsExactly("a", "c");
    }

    @Test
    void theSelectPropertyTakesPathColonLineLikeCucumberFeatures() {
        EngineRun.in(ws).config(Constants.SELECT, "recipes/lines.yaml:16")
                .execute(selectUniqueId("[engine:other]"))
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1))
                .assertThatEvents().haveExactly(1, event(step("b"), finishedSuccessfully()));
    }

    @Test
    void theSelectPropertyTakesSeveralLinesOfOneFile() {
        EngineDiscoveryResults discovered = EngineRun.in(ws).config(Constants.SELECT, "recipes/lines.yaml:9:16")
                .discover();
        assertThat(discovered.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName)).containsExactly("a", "b");
    }

    @Test
    void aSelectedFileThatDoesNotExistIsReportedOnARedRecipeInsteadOfFailingTheLaunch() {
        EngineRun.in(ws).config(Constants.SELECT, "recipes/gone.yaml:3").execute()
                .containerEvents().assertStatistics(s -> s.failed(1));
    }

    @Test
    void aUniqueIdOfThisEngineWinsOverTheSelectPropertyForReruns() {
        EngineDiscoveryResults discovered = EngineRun.in(ws).config(Constants.SELECT, "recipes/lines.yaml:9")
                .discover(selectUniqueId("[engine:orchestrator]/[recipe:lines]/[step:c]"), selectFile(recipe.toFile()));
        assertThat(discovered.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName)).containsExactlyInAnyOrder("a", "b", "c");
    }
}
