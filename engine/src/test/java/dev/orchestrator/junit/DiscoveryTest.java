package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.recipe;
import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Selectors, unique ids, sources, tags and invalid recipes, through the JUnit Platform. */
class DiscoveryTest {

    private static final String PUT = "dev.orchestrator.testing.Scriptlets$Put";

    @TempDir
    Path dir;

    private Workspace ws;
    private Path alpha;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        alpha = ws.recipe("alpha.yaml", """
                test_meta:
                  test_id: alpha
                  tester: qa
                  description: two steps
                  tags: [smoke]
                steps:
                  - idx: 1
                    name: one
                    type: java
                    class: %1$s
                  - idx: 2
                    name: two
                    type: java
                    class: %1$s
                    tags: [slow]
                """.formatted(PUT));
        ws.recipe("nested/beta.yaml", """
                test_meta: {test_id: beta, tester: qa, description: one step}
                steps:
                  - {idx: 1, name: only_step, type: java, class: %s}
                """.formatted(PUT));
        ws.file("recipes/not-a-recipe.yml", "name: ci\non: push\n");
    }

    private static Set<String> ids(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream()
                .map(d -> d.getUniqueId().toString()).collect(Collectors.toSet());
    }

    @Test
    void fileSelectorDiscoversTheRecipeAndItsSteps() {
        EngineDiscoveryResults results = EngineRun.in(ws).discover(selectFile(alpha.toFile()));
        assertThat(ids(results)).containsExactlyInAnyOrder(
                "[engine:orchestrator]/[recipe:alpha]",
                "[engine:orchestrator]/[recipe:alpha]/[step:one]",
                "[engine:orchestrator]/[recipe:alpha]/[step:two]");
    }

    @Test
    void directorySelectorFindsRecipesRecursivelyAndIgnoresOtherYaml() {
        EngineDiscoveryResults results = EngineRun.in(ws).discover(selectDirectory(ws.resolve("recipes").toFile()));
        assertThat(results.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getDisplayName)
                .containsExactlyInAnyOrder("alpha", "beta");
    }

    @Test
    void classpathResourceSelectorLoadsARecipeFromTheClassPath() {
        EngineExecutionResults results = EngineRun.in(ws).execute(selectClasspathResource("recipes/classpath_recipe.yaml"));
        results.testEvents().assertThatEvents().haveExactly(1, event(step("put_value"), finishedSuccessfully()));
    }

    @Test
    void classpathResourceFolderSelectsEveryRecipeInIt() {
        EngineDiscoveryResults results = EngineRun.in(ws).discover(selectClasspathResource("recipes"));
        assertThat(ids(results)).contains("[engine:orchestrator]/[recipe:classpath_recipe]");
    }

    @Test
    void classpathRootSelectorScansItsRecipesFolder() {
        Path testClasses = Path.of("target/test-classes").toAbsolutePath();
        EngineDiscoveryResults results = EngineRun.in(ws)
                .discover(selectClasspathRoots(Set.of(testClasses)).toArray(new org.junit.platform.engine.DiscoverySelector[0]));
        assertThat(ids(results)).contains("[engine:orchestrator]/[recipe:classpath_recipe]");
    }

    @Test
    void packageSelectorScansYamlInThatPackage() {
        EngineDiscoveryResults results = EngineRun.in(ws).discover(selectPackage("recipes"));
        assertThat(ids(results)).contains("[engine:orchestrator]/[recipe:classpath_recipe]");
    }

    @Test
    void recipesGlobReplacesTheClasspathScan() {
        Path testClasses = Path.of("target/test-classes").toAbsolutePath();
        EngineDiscoveryResults results = EngineRun.in(ws).config(Constants.RECIPES, "recipes/nested/*.yaml")
                .discover(selectClasspathRoots(Set.of(testClasses)).toArray(new org.junit.platform.engine.DiscoverySelector[0]));
        assertThat(results.getEngineDescriptor().getChildren()).extracting(TestDescriptor::getDisplayName)
                .containsExactly("beta");
    }

    @Test
    void classSelectorsNeverDiscoverRecipes() {
        EngineDiscoveryResults results = EngineRun.in(ws).config(Constants.RECIPES, "recipes/**.yaml")
                .discover(selectClass(DiscoveryTest.class));
        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
    }

    @Test
    void everyUniqueIdRoundTripsThroughSelectUniqueId() {
        EngineDiscoveryResults all = EngineRun.in(ws).discover(selectDirectory(ws.resolve("recipes").toFile()));
        List<UniqueId> uniqueIds = all.getEngineDescriptor().getDescendants().stream()
                .map(TestDescriptor::getUniqueId).toList();
        assertThat(uniqueIds).hasSize(5);
        for (UniqueId uniqueId : uniqueIds) {
            EngineDiscoveryResults again = EngineRun.in(ws).discover(selectUniqueId(uniqueId));
            assertThat(again.getEngineDescriptor().findByUniqueId(uniqueId)).as(uniqueId.toString()).isPresent();
        }
    }

    @Test
    void selectingOneStepByUniqueIdRunsJustThatStep() {
        EngineRun.in(ws).execute(selectFile(alpha.toFile())); // writes the checkpoint step two starts from
        EngineExecutionResults results = EngineRun.in(ws)
                .execute(selectUniqueId("[engine:orchestrator]/[recipe:alpha]/[step:two]"));
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(step("two"), finishedSuccessfully()));
    }

    @Test
    void classpathRecipesAreFoundByUniqueIdToo() {
        EngineExecutionResults results = EngineRun.in(ws)
                .execute(selectUniqueId("[engine:orchestrator]/[recipe:classpath_recipe]"));
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void everyNodeHasAFileSourceWithTheLineOfItsStep() {
        EngineDiscoveryResults results = EngineRun.in(ws).discover(selectFile(alpha.toFile()));
        TestDescriptor two = results.getEngineDescriptor()
                .findByUniqueId(UniqueId.parse("[engine:orchestrator]/[recipe:alpha]/[step:two]")).orElseThrow();
        FileSource source = (FileSource) two.getSource().orElseThrow();
        assertThat(source.getFile().toPath()).isEqualTo(alpha);
        assertThat(source.getPosition().orElseThrow().getLine()).isEqualTo(11);
        TestDescriptor recipe = two.getParent().orElseThrow();
        assertThat(((FileSource) recipe.getSource().orElseThrow()).getPosition().orElseThrow().getLine()).isEqualTo(2);
    }

    @Test
    void classpathRecipesCarryAClasspathResourceSource() {
        EngineDiscoveryResults results = EngineRun.in(ws).discover(selectClasspathResource("recipes/classpath_recipe.yaml"));
        TestDescriptor recipe = results.getEngineDescriptor().getChildren().iterator().next();
        // the test-classes copy is a file, so it is reported as a file; the name still says where it came from
        assertThat(recipe.getSource().orElseThrow()).isInstanceOfAny(FileSource.class, ClasspathResourceSource.class);
    }

    @Test
    void stepsCarryTheirOwnAndTheirRecipesTags() {
        EngineDiscoveryResults results = EngineRun.in(ws).discover(selectFile(alpha.toFile()));
        TestDescriptor two = results.getEngineDescriptor()
                .findByUniqueId(UniqueId.parse("[engine:orchestrator]/[recipe:alpha]/[step:two]")).orElseThrow();
        assertThat(two.getTags()).containsExactlyInAnyOrder(TestTag.create("smoke"), TestTag.create("slow"));
    }

    @Test
    void tagFiltersSelectSteps() {
        EngineRun.in(ws).execute(selectFile(alpha.toFile())); // step two starts from step one's checkpoint
        EngineExecutionResults results = EngineRun.in(ws).filters(TagFilter.includeTags("slow"))
                .execute(selectDirectory(ws.resolve("recipes").toFile()));
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(step("two"), finishedSuccessfully()));
    }

    @Test
    void anInvalidRecipeFailsAsAContainerBesideAGoodOneWhoseStepsStillRun() {
        ws.recipe("broken.yaml", """
                test_meta: {test_id: broken, tester: qa, description: has an error}
                steps:
                  - {idx: 1, name: first, type: java, class: %s, depend_on: [x]}
                """.formatted(PUT));
        EngineExecutionResults results = EngineRun.in(ws).execute(selectDirectory(ws.resolve("recipes").toFile()));
        results.containerEvents().assertThatEvents().haveExactly(1, event(recipe("recipes/broken.yaml"),
                finishedWithFailure(message(m -> m.contains("recipes/broken.yaml:3:")
                        && m.contains("depend_on") && m.contains("depends_on")))));
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3).failed(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(recipe("alpha"), finishedSuccessfully()));
    }

    @Test
    void twoRecipesWithTheSameTestIdAreRefused() {
        ws.recipe("copy.yaml", """
                test_meta: {test_id: alpha, tester: qa, description: a copy}
                steps:
                  - {idx: 1, name: one, type: java, class: %s}
                """.formatted(PUT));
        EngineExecutionResults results = EngineRun.in(ws)
                .execute(selectFile(alpha.toFile()), selectFile(ws.resolve("recipes/copy.yaml").toFile()));
        results.containerEvents().assertThatEvents().haveExactly(1, event(recipe("recipes/copy.yaml"),
                finishedWithFailure(message(m -> m.contains("duplicate test_id 'alpha'")))));
    }

    @Test
    void theSameRecipeSelectedTwiceRunsOnce() {
        EngineExecutionResults results = EngineRun.in(ws)
                .execute(selectFile(alpha.toFile()), selectDirectory(ws.resolve("recipes").toFile()));
        results.testEvents().assertStatistics(s -> s.started(3));
    }
}
