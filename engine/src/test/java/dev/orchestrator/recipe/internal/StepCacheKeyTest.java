package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepCache;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cache:} key of a step or of {@code defaults}: its forms, and errors at their positions. */
class StepCacheKeyTest {

    @TempDir
    Path dir;

    private LoadResult load(String steps) {
        return new TestWorkspace(dir).loadText("c.yaml", "test_meta: {test_id: c, tester: qa, description: d}\n" + steps);
    }

    private static Step only(LoadResult result) {
        assertThat(result).isInstanceOf(LoadResult.Valid.class);
        return ((LoadResult.Valid) result).recipe().steps().get(0);
    }

    @Test
    void cacheTrueCachesWithNothingDeclared() {
        Step step = only(load("""
                steps:
                  - {idx: 1, name: a, type: shell, cmd: scriptlets/shell/step.sh, cache: true}
                """));
        assertThat(step.cache()).isEqualTo(new StepCache(true, List.of(), List.of(), List.of()));
    }

    @Test
    void aMappingDeclaresInputsOutputsAndEnv() {
        Step step = only(load("""
                steps:
                  - idx: 1
                    name: a
                    type: shell
                    cmd: scriptlets/shell/step.sh
                    cache: {inputs: ["Data/in/*.csv", "**/*.txt"], outputs: [Data/out.csv], env: [LANG]}
                """));
        assertThat(step.cache().enabled()).isTrue();
        assertThat(step.cache().inputs()).containsExactly("Data/in/*.csv", "**/*.txt");
        assertThat(step.cache().outputs()).containsExactly("Data/out.csv");
        assertThat(step.cache().env()).containsExactly("LANG");
    }

    @Test
    void defaultsCacheEveryStepThatDoesNotSayOtherwise() {
        LoadResult result = load("""
                defaults: {cache: true}
                steps:
                  - {idx: 1, name: a, type: shell, cmd: scriptlets/shell/step.sh}
                  - {idx: 2, name: b, type: shell, cmd: scriptlets/shell/step.sh, cache: false}
                """);
        List<Step> steps = ((LoadResult.Valid) result).recipe().steps();
        assertThat(steps.get(0).cache().enabled()).isTrue();
        assertThat(steps.get(1).cache()).isEqualTo(StepCache.NONE);
    }

    @Test
    void aStepWithoutCacheIsNotCached() {
        assertThat(only(load("""
                steps:
                  - {idx: 1, name: a, type: shell, cmd: scriptlets/shell/step.sh}
                """)).cache()).isEqualTo(StepCache.NONE);
    }

    @Test
    void wrongTypesBadGlobsAndEscapingGlobsAreReportedWhereTheyAre() {
        LoadResult result = load("""
                steps:
                  - idx: 1
                    name: a
                    type: shell
                    cmd: scriptlets/shell/step.sh
                    cache: {inputs: ["../secret.txt", "/etc/passwd", "Data/[a"], outputs: Data/x, env: ["1BAD"], keep: 1}
                  - {idx: 2, name: b, type: shell, cmd: scriptlets/shell/step.sh, cache: yes please}
                """);
        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        List<RecipeProblem> problems = ((LoadResult.Invalid) result).problems();
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.position()).hasToString("7:22");
            assertThat(p.message()).contains("'../secret.txt'", "escapes the workspace");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.position()).hasToString("7:39");
            assertThat(p.message()).contains("'/etc/passwd'", "escapes the workspace");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.position()).hasToString("7:54");
            assertThat(p.message()).contains("expected a glob", "Data/[a");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.position()).hasToString("7:75");
            assertThat(p.message()).contains("expected a list", "cache.outputs");
        });
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("'cache.env'", "1BAD"));
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("unknown key 'keep' in cache"));
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.position()).hasToString("8:74");
            assertThat(p.message()).contains("expected true, false or a mapping", "'cache'");
        });
    }
}
