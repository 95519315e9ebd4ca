package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample recipe of ctx contracts validates and passes; a broken contract is a validation error, exit 2. */
class ContractsDemoTest {

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.copy("recipes/contracts_demo.yaml");
    }

    @Test
    void theContractsDemoValidatesAndPasses() {
        Cli.Result valid = Cli.run("validate", "--workspace", ws.root.toString(), "recipes/contracts_demo.yaml");
        assertThat(valid.code()).as(valid.toString()).isZero();
        assertThat(valid.out().strip()).isEqualTo("1 recipe valid");

        Cli.Result run = Cli.run("run", "--workspace", ws.root.toString(), "--recipe", "recipes/contracts_demo.yaml");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("1 recipe, 5 steps: 5 passed, 0 failed, 0 skipped");
        assertThat(ws.read("Data/contracts_demo/metrics.json")).contains("\"region\"", "\"metrics\"");
    }

    @Test
    void aBrokenContractExitsTwoWithFileLineColumn() {
        String demo = ws.read("recipes/contracts_demo.yaml");
        // export_metrics no longer waits for seed_config, whose region it reads
        ws.write("recipes/contracts_demo.yaml", demo.replaceFirst(
                "depends_on: \\[seed_config, compute_metrics]\n        reads: \\[region, metrics]",
                "depends_on: [compute_metrics]\n        reads: [region, metrics]"));
        Cli.Result result = Cli.run("validate", "--workspace", ws.root.toString(), "recipes/contracts_demo.yaml");
        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("recipes/contracts_demo.yaml:42:17: step 'export_metrics' reads ctx key"
                + " 'region', which no step before it writes: every step it depends on declares its writes"
                + " (preprocess_csv, compute_metrics) and none writes it; step 'seed_config' writes it but is not"
                + " upstream of 'export_metrics' (add it to depends_on)");
        assertThat(result.out()).isEmpty();
    }
}
