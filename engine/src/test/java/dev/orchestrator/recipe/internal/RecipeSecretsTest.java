package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secrets: [name…]} at the top of a recipe: names of keys whose values are masked everywhere. */
class RecipeSecretsTest {

    private static final String STEPS = """
            steps:
              - idx: 1
                name: first
                type: java
                class: dev.orchestrator.recipe.SampleScriptlet
            """;

    @TempDir
    Path dir;

    @Test
    void aRecipeDeclaresTheNamesOfItsSecrets() {
        LoadResult result = new TestWorkspace(dir).loadText("s.yaml", """
                test_meta: {test_id: s, tester: qa, description: d}
                secrets: [customer_ref, DB_URL]
                """ + STEPS);

        assertThat(result).as("%s", result).isInstanceOf(LoadResult.Valid.class);
        assertThat(((LoadResult.Valid) result).recipe().secrets()).containsExactly("customer_ref", "DB_URL");
    }

    @Test
    void aRecipeWithoutSecretsDeclaresNone() {
        LoadResult result = new TestWorkspace(dir).loadText("s.yaml", """
                test_meta: {test_id: s, tester: qa, description: d}
                """ + STEPS);

        assertThat(((LoadResult.Valid) result).recipe().secrets()).isEmpty();
    }

    @Test
    void secretsMustBeAListOfKeyNamesAndAnErrorPointsAtTheBadOne() {
        LoadResult notAList = new TestWorkspace(dir).loadText("a.yaml", """
                test_meta: {test_id: a, tester: qa, description: d}
                secrets: customer_ref
                """ + STEPS);
        LoadResult badName = new TestWorkspace(dir).loadText("b.yaml", """
                test_meta: {test_id: b, tester: qa, description: d}
                secrets:
                  - ok_name
                  - "not a name"
                """ + STEPS);

        assertThat(((LoadResult.Invalid) notAList).problems()).anySatisfy(p -> {
            assertThat(p.position()).hasToString("2:10");
            assertThat(p.message()).contains("'secrets'");
        });
        assertThat(((LoadResult.Invalid) badName).problems()).anySatisfy(p -> {
            assertThat(p.position()).hasToString("4:5");
            assertThat(p.message()).contains("in 'secrets', found 'not a name'");
        });
    }
}
