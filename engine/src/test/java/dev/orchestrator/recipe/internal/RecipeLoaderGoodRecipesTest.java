package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.recipe.SampleScriptlet;
import dev.orchestrator.recipe.Settings;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid recipes load into the model with order resolved and defaults applied. */
class RecipeLoaderGoodRecipesTest {

    @TempDir
    Path dir;

    private TestWorkspace workspace;

    @BeforeEach
    void setUp() {
        workspace = new TestWorkspace(dir);
    }

    @Test
    void readsTestMetaAndSettings() {
        Recipe recipe = workspace.loadValid("good/serial.yaml");

        assertThat(recipe.testId()).isEqualTo("serial_steps");
        assertThat(recipe.meta().tester()).isEqualTo("qa-team");
        assertThat(recipe.meta().description()).isEqualTo("a plain list of steps runs serially");
        assertThat(recipe.meta().tags()).containsExactly("smoke", "csv");
        assertThat(recipe.meta().raw().get("severity").asText()).isEqualTo("critical");
        assertThat(recipe.meta().position()).isEqualTo(new Position(3, 3));
        assertThat(recipe.settings()).isEqualTo(new Settings(2, true));
        assertThat(recipe.source().displayName()).isEqualTo("recipes/serial.yaml");
    }

    @Test
    void runsAPlainListSerially() {
        Recipe recipe = workspace.loadValid("good/serial.yaml");

        assertThat(recipe.steps()).extracting(Step::name).containsExactly("preprocess_csv", "count_rows", "archive");
        assertThat(recipe.steps()).extracting(s -> s.scheduling().dependsOn())
                .containsExactly(List.of(), List.of("preprocess_csv"), List.of("count_rows"));
        assertThat(recipe.steps()).extracting(s -> s.scheduling().parallelGroup()).containsOnlyNulls();
    }

    @Test
    void appliesDefaultsWhereAStepOmitsTheKey() {
        Recipe recipe = workspace.loadValid("good/serial.yaml");
        Step first = recipe.step("preprocess_csv").orElseThrow();
        Step second = recipe.step("count_rows").orElseThrow();
        Step third = recipe.step("archive").orElseThrow();

        assertThat(first.limits().timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(first.limits().retries()).isEqualTo(1);
        assertThat(first.target().env()).containsExactlyEntriesOf(java.util.Map.of("LANG", "C.UTF-8"));
        assertThat(second.target().env()).isEqualTo(java.util.Map.of("ROWS", "10", "VERBOSE", "true"));
        assertThat(third.limits().retries()).isZero();
    }

    @Test
    void parsesDurations() {
        Recipe recipe = workspace.loadValid("good/serial.yaml");

        assertThat(recipe.step("count_rows").orElseThrow().limits().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(recipe.step("count_rows").orElseThrow().limits().retryDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(recipe.step("archive").orElseThrow().limits().timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(recipe.step("archive").orElseThrow().limits().retryDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(recipe.step("preprocess_csv").orElseThrow().limits().retryDelay()).isEqualTo(Duration.ZERO);
    }

    @Test
    void keepsArgsInFileOrder() {
        Step step = workspace.loadValid("good/serial.yaml").step("preprocess_csv").orElseThrow();

        assertThat(step.target().args().fieldNames()).toIterable().containsExactly("output", "input", "columns", "limit");
        assertThat(step.target().args().get("columns").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(step.target().args().get("limit").isInt()).isTrue();
        assertThat(step.success().filesExist()).containsExactly("Data/clean.csv");
        assertThat(step.target().cmd()).isEqualTo("scriptlets/shell/preprocess-csv.sh");
        assertThat(step.position()).isEqualTo(new Position(16, 5));
    }

    @Test
    void keepsStepTagsApartFromRecipeTags() {
        Recipe recipe = workspace.loadValid("good/serial.yaml");

        assertThat(recipe.step("count_rows").orElseThrow().scheduling().tags()).containsExactly("slow");
        assertThat(recipe.step("archive").orElseThrow().scheduling().tags()).isEmpty();
    }

    @Test
    void fansOutToAParallelGroupAndInAfterIt() {
        Recipe recipe = workspace.loadValid("good/parallel.yaml");

        assertThat(recipe.step("left").orElseThrow().scheduling().dependsOn()).containsExactly("prepare");
        assertThat(recipe.step("right").orElseThrow().scheduling().dependsOn()).containsExactly("prepare");
        assertThat(recipe.step("join").orElseThrow().scheduling().dependsOn()).containsExactly("left", "right");
        assertThat(recipe.step("after_join").orElseThrow().scheduling().dependsOn()).containsExactly("join");
        assertThat(recipe.step("cleanup").orElseThrow().scheduling().dependsOn()).containsExactly("report");
    }

    @Test
    void numbersParallelGroupsFromZero() {
        Recipe recipe = workspace.loadValid("good/parallel.yaml");

        assertThat(recipe.steps()).extracting(Step::name, s -> s.scheduling().parallelGroup()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("prepare", null),
                org.assertj.core.groups.Tuple.tuple("left", 0),
                org.assertj.core.groups.Tuple.tuple("right", 0),
                org.assertj.core.groups.Tuple.tuple("join", null),
                org.assertj.core.groups.Tuple.tuple("independent", 1),
                org.assertj.core.groups.Tuple.tuple("after_join", 1),
                org.assertj.core.groups.Tuple.tuple("report", null),
                org.assertj.core.groups.Tuple.tuple("cleanup", null));
    }

    @Test
    void explicitDependsOnReplacesTheImplicitOrder() {
        Recipe recipe = workspace.loadValid("good/parallel.yaml");

        assertThat(recipe.step("independent").orElseThrow().scheduling().dependsOn()).isEmpty();
        assertThat(recipe.step("report").orElseThrow().scheduling().dependsOn()).containsExactly("prepare", "join");
    }

    @Test
    void bindsEveryStepTypeWithItsOwnKeys() {
        Recipe recipe = workspace.loadValid("good/every_type.yaml");

        Step python = recipe.step("compute_metrics").orElseThrow();
        assertThat(python.type()).isEqualTo(StepType.PYTHON);
        assertThat(python.scriptletId()).isEqualTo("scriptlets.python.steps.compute_metrics:StepComputeMetrics");
        assertThat(python.target().params().toString())
                .isEqualTo("{\"input\":\"Data/clean.csv\",\"columns\":[\"a\",\"b\"],\"nested\":{\"deep\":true,\"ratio\":0.5,\"none\":null}}");
        assertThat(python.success().ctxHasKeys()).containsExactly("metrics", "metrics_columns");
        assertThat(python.scheduling().when()).isEqualTo("metrics_enabled");
        assertThat(python.description()).isEqualTo("computes the metrics");
        assertThat(python.limits().threadSafe()).isTrue();

        Step java = recipe.step("export_excel").orElseThrow();
        assertThat(java.type()).isEqualTo(StepType.JAVA);
        assertThat(java.target().className()).isEqualTo(SampleScriptlet.class.getName());
        assertThat(java.target().function()).as("python defaults do not reach java steps").isNull();
        assertThat(java.limits().requiresProcess()).isTrue();
        assertThat(java.limits().threadSafe()).isFalse();
        assertThat(java.limits().resources()).containsExactly("excel", "disk");
        assertThat(java.limits().retries()).isEqualTo(3);
        assertThat(java.limits().retryDelay()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void findsAPythonPackageModuleAndTakesTypeAndFunctionFromDefaults() {
        Step step = workspace.loadValid("good/every_type.yaml").step("package_module").orElseThrow();

        assertThat(step.type()).isEqualTo(StepType.PYTHON);
        assertThat(step.target().module()).isEqualTo("scriptlets.python.steps.pkg_step");
        assertThat(step.target().function()).isEqualTo("run");
    }

    @Test
    void readsPlainScalarsByTheYaml12CoreSchema() {
        Step step = workspace.loadValid("good/every_type.yaml").step("publish").orElseThrow();

        assertThat(step.target().args().get("flag").isTextual()).as("yes stays a string").isTrue();
        assertThat(step.target().args().get("date").asText()).isEqualTo("2024-01-01");
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        LoadResult result = workspace.loadText("many.yaml", """
                test_meta:
                  test_id: many_problems
                  tester: qa
                steps:
                  - idx: one
                    name: Bad
                    type: shell
                    cmd: scriptlets/shell/step.sh
                    timeout: soon
                """);

        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        LoadResult.Invalid invalid = (LoadResult.Invalid) result;
        assertThat(invalid.testId()).contains("many_problems");
        assertThat(invalid.problems()).extracting(p -> p.position().toString())
                .containsExactly("2:3", "5:10", "6:11", "9:14");
        assertThat(invalid.problems().get(0).toString())
                .isEqualTo("recipes/many.yaml:2:3: missing required key 'description' in test_meta");
    }

    @Test
    void refusesARecipeLargerThanTheLimit() {
        String padding = "# " + "x".repeat(1000) + "\n";
        LoadResult result = workspace.loadText("huge.yaml", padding.repeat(1100) + "test_meta: {}\n");

        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        assertThat(((LoadResult.Invalid) result).problems())
                .anySatisfy(p -> assertThat(p.message()).contains("the recipe is too large"));
    }

    @Test
    void refusesTextThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("recipes/latin1.yaml");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

        LoadResult result = workspace.load(file);

        assertThat(((LoadResult.Invalid) result).problems())
                .anySatisfy(p -> assertThat(p.message()).contains("not valid UTF-8"));
    }

    @Test
    void reportsAnUnreadableSourceAsAProblem() {
        RecipeSource missing = RecipeSource.ofFile(dir.resolve("recipes/missing.yaml"), dir);

        LoadResult result = new RecipeLoader(dir, getClass().getClassLoader()).load(missing);

        assertThat(((LoadResult.Invalid) result).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("could not read the recipe"));
    }

    @Test
    void loadsARecipeFromAJar() throws IOException {
        Path jar = dir.resolve("recipes.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry("recipes/parallel.yaml"));
            try (var in = getClass().getResourceAsStream(TestWorkspace.FIXTURES + "good/parallel.yaml")) {
                in.transferTo(jarOut);
            }
            jarOut.closeEntry();
        }
        URI uri = URI.create("jar:" + jar.toUri() + "!/recipes/parallel.yaml");

        LoadResult result = new RecipeLoader(dir, getClass().getClassLoader())
                .load(RecipeSource.ofResource("recipes/parallel.yaml", uri));

        assertThat(result).isInstanceOf(LoadResult.Valid.class);
        assertThat(result.source().file()).isEmpty();
        assertThat(((LoadResult.Valid) result).recipe().testId()).isEqualTo("fan_out_fan_in");
    }
}
