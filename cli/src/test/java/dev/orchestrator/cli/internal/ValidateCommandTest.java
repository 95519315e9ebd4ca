package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrator validate}: every problem as file:line:column, exit 2; else "N recipes valid". */
class ValidateCommandTest {

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.copy("recipes/seed_example.yaml").copy("recipes/java_ctx_roundtrip.yaml");
    }

    private Cli.Result validate(String... files) {
        String[] args = new String[files.length + 3];
        args[0] = "validate";
        args[1] = "--workspace";
        args[2] = ws.root.toString();
        System.arraycopy(files, 0, args, 3, files.length);
        return Cli.run(args);
    }

    @Test
    void theRepositorysRecipesAreValid() {
        Cli.Result result = validate();
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out().strip()).isEqualTo("2 recipes valid");
        assertThat(validate("recipes/seed_example.yaml").out().strip()).isEqualTo("1 recipe valid");
    }

    @Test
    void everyErrorOfEveryRecipeIsPrintedAsFileLineColumn() {
        ws.write("recipes/two_problems.yaml", """
                test_meta: {test_id: two_problems, tester: t, description: d}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.scriptlets.SetCtx, colour: red}
                  - {idx: 2, name: b, type: python, module: scriptlets.python.steps.nope, function: F}
                """);
        ws.write("recipes/cycle.yaml", """
                test_meta: {test_id: cycle, tester: t, description: d}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.scriptlets.SetCtx, depends_on: [b]}
                  - {idx: 2, name: b, type: java, class: dev.orchestrator.scriptlets.SetCtx, depends_on: [a]}
                """);
        Cli.Result result = validate();
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines().filter(l -> !l.contains(" of ")))
                .allMatch(l -> l.matches("recipes/(two_problems|cycle)\\.yaml:\\d+:\\d+: .+"))
                .anyMatch(l -> l.startsWith("recipes/two_problems.yaml:3:") && l.contains("colour"))
                .anyMatch(l -> l.startsWith("recipes/two_problems.yaml:4:") && l.contains("scriptlets.python.steps.nope"))
                .anyMatch(l -> l.startsWith("recipes/cycle.yaml:") && l.contains("cycle"));
        assertThat(result.err()).contains("2 of 4 recipes invalid");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void recipeTextInAProblemIsPrintedEscapedSoItCannotForgeALineOrDriveTheTerminal() {
        ws.write("recipes/forged.yaml", """
                test_meta: {test_id: forged, tester: t, description: d}
                steps:
                  - {idx: 1, name: "x\\e[2K\\r1 recipe valid\\nok", type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {a: 1}}}
                """);
        Cli.Result result = validate("recipes/forged.yaml");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).doesNotContain("\u001b").contains("x\\u001b[2K\\r1 recipe valid\\nok");
        assertThat(result.err().lines()).noneMatch(l -> l.startsWith("1 recipe valid")).hasSize(2);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aDuplicateTestIdIsAProblem() {
        ws.write("recipes/zz_copy.yaml", ws.read("recipes/seed_example.yaml"));
        Cli.Result result = validate();
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).containsPattern(
                "recipes/zz_copy.yaml:\\d+:\\d+: duplicate test_id 'seed_example': recipes/seed_example.yaml already uses it");
    }

    @Test
    void filesMayBeNamedOrGlobbedAndNoRecipesIsAUsageError() {
        assertThat(validate("recipes/*.yaml").out()).contains("2 recipes valid");
        assertThat(validate("recipes/missing.yaml").code()).isEqualTo(2);
        Cli.Result empty = Cli.run("validate", "--workspace", dir.resolve("recipes").toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("no recipes to validate");
    }
}
