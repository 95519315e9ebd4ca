package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrator list}, {@code list scriptlets} and {@code doc NAME}. */
class ListAndDocCommandTest {

    @TempDir
    Path dir;

    TestWorkspace ws;
    String workspace;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.copy("recipes/seed_example.yaml");
        ws.write("recipes/good.yaml", TestWorkspace.javaRecipe("good", "eu"));
        workspace = ws.root.toString();
    }

    @Test
    void listShowsRecipesAndTheirSteps() {
        Cli.Result result = Cli.run("list", "--workspace", workspace);
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("good  (recipes/good.yaml)  seed, add, check  tags: cli")
                .containsPattern("IDX +NAME +TYPE +DEPENDS_ON +TAGS +RUNS")
                .containsPattern("2 +more +java +seed +fast +dev.orchestrator.scriptlets.SetCtx")
                .containsPattern("2 +compute_metrics_mem +python +preprocess_csv +scriptlets.python.steps.compute_metrics:StepComputeMetrics");
    }

    @Test
    void listMarksAnInvalidRecipe() {
        ws.write("recipes/broken.yaml", "test_meta: {test_id: broken}\n");
        Cli.Result result = Cli.run("list", "--workspace", workspace);
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).contains("recipes/broken.yaml  (invalid: ");
    }

    @Test
    void listPrintsRecipeTextEscaped() {
        ws.write("recipes/loud.yaml", """
                test_meta: {test_id: loud, tester: t, description: "quiet\\e[2J\\nfake line"}
                steps:
                  - {idx: 1, name: only, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {a: 1}}}
                """);
        Cli.Result result = Cli.run("list", "--workspace", workspace, "recipes", "recipes/loud.yaml");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).doesNotContain("\u001b").contains("loud  (recipes/loud.yaml)  quiet\\u001b[2J\\nfake line");
    }

    @Test
    void listScriptletsShowsJavaPythonAndShellWithTheirDescriptions() {
        Cli.Result result = Cli.run("list", "scriptlets", "--workspace", workspace);
        assertThat(result.code()).isZero();
        assertThat(result.out())
                .containsPattern("java +set-ctx +Set ctx keys to the given JSON values\\. +dev.orchestrator.scriptlets.SetCtx")
                .containsPattern("java +write-json +.+dev.orchestrator.scriptlets.WriteJson")
                .containsPattern("python +compute_metrics +Reads a CSV file with a header line and computes, for every numeric"
                        + " column, mean, std, min, max and count\\. +scriptlets/python/steps/compute_metrics.py")
                .containsPattern("shell +preprocess-csv +Sanitises a CSV file so that later steps can read it plainly: +"
                        + "scriptlets/shell/preprocess-csv.sh")
                .doesNotContain("__init__");
    }

    @Test
    void docPrintsTheFullBlockOfEachKind() {
        Cli.Result python = Cli.run("doc", "compute_metrics", "--workspace", workspace);
        assertThat(python.code()).isZero();
        assertThat(python.out()).contains("python scriptlet scriptlets/python/steps/compute_metrics.py", "Name:",
                "Description:", "Usage:", "Arguments:", "Examples (CLI):", "Limitations/Requirements:")
                .doesNotContain("\"\"\"").doesNotContain("import csv");

        Cli.Result shell = Cli.run("doc", "preprocess-csv.sh", "--workspace", workspace);
        assertThat(shell.code()).isZero();
        assertThat(shell.out()).contains("Name:\n    preprocess-csv.sh", "Examples (CLI):", "Limitations/Requirements:")
                .doesNotContain("#!/usr/bin/env bash").doesNotContain("set -Eeuo");

        Cli.Result java = Cli.run("doc", "SetCtx", "--workspace", workspace);
        assertThat(java.code()).isZero();
        assertThat(java.out()).contains("Name: set-ctx", "Usage:", "Arguments:", "--values JSON", "Limitations/Requirements:");
        assertThat(Cli.run("doc", "set-ctx", "--workspace", workspace).out()).isEqualTo(java.out());
        assertThat(Cli.run("doc", "dev.orchestrator.scriptlets.SetCtx", "--workspace", workspace).out()).isEqualTo(java.out());
        assertThat(Cli.run("doc", "scriptlets.python.steps.compute_metrics", "--workspace", workspace).out())
                .isEqualTo(python.out());
    }

    @Test
    void docOfAnUnknownNameIsAUsageError() {
        Cli.Result result = Cli.run("doc", "nope", "--workspace", workspace);
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("no scriptlet named 'nope'");
    }
}
