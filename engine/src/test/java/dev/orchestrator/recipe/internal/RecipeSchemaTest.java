package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped JSON Schema accepts what the loader accepts and refuses what is malformed in shape. */
class RecipeSchemaTest {

    /** The project's own recipes, seen from the engine module (Surefire runs in the module folder). */
    private static final Path PROJECT_RECIPES = Path.of("../recipes");

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = RecipeLoader.class.getResourceAsStream("/recipe.schema.json")) {
            assertThat(in).as("recipe.schema.json on the class path").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> acceptsEveryGoodFixture() throws IOException, URISyntaxException {
        Path good = Path.of(RecipeSchemaTest.class.getResource(TestWorkspace.FIXTURES + "good").toURI());
        List<Path> fixtures = yamlFiles(good);
        assertThat(fixtures).isNotEmpty();
        return fixtures.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> assertValid(f)));
    }

    @TestFactory
    Stream<DynamicTest> acceptsEveryRecipeOfTheProject() throws IOException {
        // none yet is fine: the folder fills up as recipes are written
        List<Path> recipes = Files.isDirectory(PROJECT_RECIPES) ? yamlFiles(PROJECT_RECIPES) : List.of();
        return recipes.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> assertValid(f)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "unknown_top_level_key", "unknown_step_key", "missing_meta_keys", "bad_test_id", "missing_idx",
        "missing_name", "name_not_snake_case", "idx_not_integer", "unknown_type", "shell_without_cmd",
        "python_without_module_and_function", "java_without_class", "bad_duration", "cmd_on_java_step",
        "parallel_with_other_keys", "not_a_mapping"})
    void refusesAMalformedRecipe(String fixture) throws URISyntaxException {
        Path file = Path.of(RecipeSchemaTest.class.getResource(TestWorkspace.FIXTURES + "bad/" + fixture + ".yaml").toURI());

        assertThat(validate(file)).isNotEmpty();
    }

    private static void assertValid(Path file) {
        assertThat(validate(file)).as("schema errors of %s", file).isEmpty();
    }

    private static Set<ValidationMessage> validate(Path file) {
        Problems problems = new Problems(file.toString());
        try (Reader reader = Files.newBufferedReader(file)) {
            JsonNode json = new YamlReader().read(reader, problems).orElseThrow().toJson();
            assertThat(problems.inFileOrder()).as("YAML problems of %s", file).isEmpty();
            return schema.validate(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
