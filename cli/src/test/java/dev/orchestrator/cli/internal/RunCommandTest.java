package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.junit.Constants;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import picocli.CommandLine;

/** {@code orchestrator run}: exit codes, every flag, progress, summary and JSON. */
class RunCommandTest {

    @TempDir
    Path dir;

    TestWorkspace ws;
    String workspace;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        workspace = ws.root.toString();
        ws.write("recipes/good.yaml", TestWorkspace.javaRecipe("good", "eu"));
        ws.write("recipes/bad_value.yaml", TestWorkspace.javaRecipe("bad_value", "us"));
    }

    private Cli.Result run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "run";
        all[1] = "--workspace";
        all[2] = workspace;
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(all);
    }

    @Test
    void theSeedExamplePassesWithExitZero() {
        ws.copy("recipes/seed_example.yaml");
        Cli.Result result = run("--recipe", "recipes/seed_example.yaml");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("[ RUN    ] seed_example › preprocess_csv")
                .contains("[     OK ] seed_example › compute_metrics_mem (")
                .containsPattern("RECIPE +STEP +STATUS +DURATION +MESSAGE")
                .containsPattern("seed_example +preprocess_csv +PASSED +\\d+\\.\\d\\ds")
                .contains("1 recipe, 2 steps: 2 passed, 0 failed, 0 skipped");
        assertThat(ws.root.resolve("Data/clean.csv")).exists();
    }

    @Test
    void aFailingStepExitsOneAndShowsItsMessage() {
        Cli.Result result = run("--recipe", "recipes/bad_value.yaml");
        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains("[ FAILED ] bad_value › check (")
                .containsPattern("bad_value +check +FAILED +\\S+ +.*region: expected \"us\", found \"eu\"")
                .contains("3 steps: 2 passed, 1 failed, 0 skipped");
    }

    @Test
    void anInvalidRecipeExitsTwoWithFileLineColumnAndRunsNothing() {
        ws.write("recipes/broken.yaml", TestWorkspace.javaRecipe("broken", "eu").replace("    tags: [fast]\n",
                "    tagz: [fast]\n"));
        Cli.Result result = run("--recipe", "recipes/good.yaml", "--recipe", "recipes/broken.yaml");
        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).containsPattern("recipes/broken.yaml:\\d+:\\d+: .*tagz.*tags");
        assertThat(result.out()).doesNotContain("[ RUN");
        assertThat(ws.root.resolve("Data/ctx/good")).doesNotExist();
    }

    @Test
    void anInvalidRecipeReportedByTheEngineAlsoExitsTwo() {
        // the engine reports an invalid recipe as a failed container; the collector must map that to 2
        RunResults results = new RunResults();
        assertThat(results.exitCode()).isZero();
        RunResults.RecipeResult recipe = new RunResults.RecipeResult("x", "x.yaml");
        recipe.invalid = true;
        assertThat(recipe.status()).isEqualTo("INVALID");
    }

    @Test
    void missingFilesAndEmptyGlobsAreUsageErrors() {
        assertThat(run("--recipe", "recipes/nope.yaml").code()).isEqualTo(2);
        Cli.Result glob = run("--recipe", "recipes/*.nothing.yaml");
        assertThat(glob.code()).isEqualTo(2);
        assertThat(glob.err()).contains("no recipe matches 'recipes/*.nothing.yaml'");
        assertThat(Cli.run("run").code()).isEqualTo(2); // --recipe is required
        assertThat(Cli.run("run", "--recipe", "x.yaml", "--bogus").code()).isEqualTo(2);
    }

    @Test
    void aGlobAndRepeatedRecipesRunEveryMatch() {
        Cli.Result result = run("--recipe", "recipes/*.yaml", "--recipe", "recipes/good.yaml");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).contains("2 recipes, 6 steps: 5 passed, 1 failed");
    }

    @Test
    void onlyRunsTheNamedStepsAndReportsTheRestSkipped() {
        Cli.Result result = run("--recipe", "recipes/good.yaml", "--only", "seed,more");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern("good +check +SKIPPED +\\S+ +not selected: only more,seed")
                .contains("2 passed, 0 failed, 1 skipped");
    }

    @Test
    void skipLeavesStepsOut() {
        assertThat(run("--recipe", "recipes/good.yaml", "--quiet").code()).isZero(); // checkpoints to restore from
        Cli.Result result = run("--recipe", "recipes/good.yaml", "--skip", "more");
        assertThat(result.code()).isZero();
        assertThat(result.out()).containsPattern("good +more +SKIPPED +\\S+ +skipped on request: skip more");
    }

    @Test
    void resumeFromSkipsTheStepsBeforeAndRunsTheRest() {
        assertThat(run("--recipe", "recipes/good.yaml", "--quiet").code()).isZero();
        Cli.Result result = run("--recipe", "recipes/good.yaml", "--resume-from", "check");
        // check reads what seed and more wrote: restored from the first run's checkpoints (docs/selection.md)
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern("good +seed +SKIPPED +\\S+ +before the resume point: resume-from check")
                .containsPattern("good +more +SKIPPED +\\S+ +before the resume point: resume-from check")
                .containsPattern("good +check +PASSED");
    }

    @Test
    void unknownStepNamesAreUsageErrors() {
        Cli.Result result = run("--recipe", "recipes/good.yaml", "--only", "seeed");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("no step named seeed").contains("steps: seed, more, check");
        assertThat(run("--recipe", "recipes/good.yaml", "--resume-from", "nope").code()).isEqualTo(2);
    }

    @Test
    void tagsSelectStepsByJUnitTagExpression() {
        assertThat(run("--recipe", "recipes/good.yaml", "--quiet").code()).isZero(); // checkpoints to restore from
        Cli.Result result = run("--recipe", "recipes/good.yaml", "--tags", "fast");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("[     OK ] good › more").doesNotContain("good › check")
                .contains("1 recipe, 1 step: 1 passed");
        assertThat(run("--recipe", "recipes/good.yaml", "--tags", "cli & !fast").out()).contains("2 passed");
        Cli.Result bad = run("--recipe", "recipes/good.yaml", "--tags", "a & (");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid --tags expression");
    }

    @Test
    void parallelismIsPassedToTheEngineAndMustBePositive() {
        assertThat(run("--recipe", "recipes/good.yaml", "--parallelism", "2").code()).isZero();
        assertThat(run("--recipe", "recipes/good.yaml", "--parallelism", "0").code()).isEqualTo(2);
        assertThat(run("--recipe", "recipes/good.yaml", "--parallelism", "many").code()).isEqualTo(2);
    }

    @Test
    void everyFlagBecomesAnEngineConfigurationParameter() {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs("--recipe", "x.yaml", "--only", "a,b", "--skip", "c",
                "--resume-from", "d", "--parallelism", "3", "--tags", "smoke");
        LauncherDiscoveryRequest request = command.discoveryRequest(ws.root, List.of(ws.root.resolve("recipes/good.yaml")));
        var config = request.getConfigurationParameters();
        assertThat(config.get(Constants.WORKSPACE)).contains(ws.root.toString());
        assertThat(config.get(Constants.ONLY)).contains("a,b");
        assertThat(config.get(Constants.SKIP)).contains("c");
        assertThat(config.get(Constants.RESUME_FROM)).contains("d");
        assertThat(config.get(Constants.PARALLELISM)).contains("3");
        assertThat(request.getPostDiscoveryFilters()).hasSize(1);
        assertThat(request.getEngineFilters()).hasSize(1);
    }

    @Test
    void quietPrintsOnlyTheSummary() {
        Cli.Result result = run("--recipe", "recipes/good.yaml", "--quiet");
        assertThat(result.code()).isZero();
        assertThat(result.out()).doesNotContain("[ RUN").contains("3 passed");
    }

    @Test
    void verbosePrintsEachStepsLogFileAndTheWholeFailure() {
        Cli.Result result = run("--recipe", "recipes/bad_value.yaml", "--verbose");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).contains("log: " + ws.root.resolve("Logs")).contains("attempts: 1");
        assertThat(run("--recipe", "recipes/good.yaml", "--quiet", "--verbose").code()).isEqualTo(2);
    }

    @Test
    void jsonPrintsAMachineReadableSummary() throws Exception {
        Cli.Result result = run("--recipe", "recipes/bad_value.yaml", "--recipe", "recipes/good.yaml", "--json");
        assertThat(result.code()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("exit_code").asInt()).isEqualTo(1);
        assertThat(json.get("totals").get("passed").asInt()).isEqualTo(5);
        assertThat(json.get("totals").get("failed").asInt()).isEqualTo(1);
        JsonNode first = json.get("recipes").get(0);
        assertThat(first.get("test_id").asText()).isEqualTo("bad_value");
        assertThat(first.get("status").asText()).isEqualTo("FAILED");
        assertThat(first.get("steps").get(2).get("name").asText()).isEqualTo("check");
        assertThat(first.get("steps").get(2).get("status").asText()).isEqualTo("FAILED");
        assertThat(first.get("steps").get(2).get("message").asText()).contains("region");
        assertThat(first.get("steps").get(0).get("duration_ms").isNumber()).isTrue();
        assertThat(result.err()).contains("[ RUN"); // progress goes to stderr, stdout stays JSON

        ws.write("recipes/broken.yaml", "test_meta: {test_id: broken}\nsteps: []\n");
        Cli.Result invalid = run("--recipe", "recipes/broken.yaml", "--json");
        assertThat(invalid.code()).isEqualTo(2);
        JsonNode problems = new ObjectMapper().readTree(invalid.out());
        assertThat(problems.get("exit_code").asInt()).isEqualTo(2);
        assertThat(problems.get("problems").get(0).asText()).startsWith("recipes/broken.yaml:");
    }

    @Test
    void theWorkspaceFlagIsWhereRecipesRunAndWrite() {
        assertThat(run("--recipe", "recipes/good.yaml").code()).isZero();
        assertThat(journal()).content().contains("{\"checkpoint\":{\"after_step\":\"check\"");
        assertThat(Cli.run("run", "--workspace", dir.resolve("missing").toString(), "--recipe", "x.yaml").code())
                .isEqualTo(2);
    }

    @Test
    void configPassesAnyEngineParameter() {
        Cli.Result result = run("--recipe", "recipes/good.yaml", "--config", "orchestrator.reports=none",
                "-c", "orchestrator.run-id=nightly-42");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(ws.root.resolve("reports/allure-results")).doesNotExist();
        assertThat(journal().getFileName().toString()).endsWith("_nightly-42.journal");
        assertThat(journal()).content().contains("\"run_id\":\"nightly-42\"");
    }

    /** The one ctx journal of recipe good. */
    private java.nio.file.Path journal() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(ws.root.resolve("Data/ctx/good"))) {
            return files.filter(f -> f.toString().endsWith(".journal")).reduce((a, b) -> {
                throw new AssertionError("more than one journal: " + a + ", " + b);
            }).orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
