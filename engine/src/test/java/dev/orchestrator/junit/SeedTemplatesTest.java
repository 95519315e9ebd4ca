package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's own scriptlet templates, with their placeholders filled and their optional imports uncommented
 * ({@code seed/seed_compute_metrics.py}, {@code seed/seed_sanitize_csv.sh}), run unchanged as recipe steps.
 */
class SeedTemplatesTest {

    private static final String SEED = "dev/orchestrator/junit/seed/";

    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = SeedTemplatesTest.class.getClassLoader().getResourceAsStream(SEED + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSeedsPythonAndShellTemplatesRunUnchangedAndTheirCtxWritesAreRecorded() throws Exception {
        Workspace ws = new Workspace(dir).withBridges();
        ws.file("steps/__init__.py", "");
        ws.file("steps/seed_compute_metrics.py", resource("seed_compute_metrics.py"));
        ws.file("scriptlets/shell/seed_sanitize_csv.sh", resource("seed_sanitize_csv.sh"));
        ws.file("Data/raw.csv", "a,b\n1,2\n");
        Path recipe = ws.recipe("seed.yaml", """
                test_meta: {test_id: seed, tester: qa, description: the seed's templates}
                steps:
                  - idx: 1
                    name: sanitize
                    type: shell
                    cmd: scriptlets/shell/seed_sanitize_csv.sh
                    args: {input: Data/raw.csv, output: Data/clean.csv}
                    success: {files_exist: [Data/clean.csv]}
                  - idx: 2
                    name: metrics
                    type: python
                    module: steps.seed_compute_metrics
                    function: StepComputeMetrics
                    params: {input: Data/clean.csv}
                    success: {ctx_has_keys: [metrics, metrics_columns]}
                """);
        Instant before = Instant.now();

        EngineRun.in(ws).config(Constants.REPORTS, "none").execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(Files.readString(ws.resolve("Data/clean.csv"))).isEqualTo("a,b\n1,2\n");
        Checkpoint last = CheckpointStores.forWorkspace(ws.root()).load("seed", "metrics").orElseThrow();
        assertThat(last.values().get("metrics").toString()).isEqualTo("{\"mean\":0.0,\"std\":0.0}");
        assertThat(last.values().get("metrics_columns").toString()).isEqualTo("[\"a\",\"b\"]");
        List<ChangeRecord> writes = last.history().stream().filter(r -> r.key().startsWith("metrics")).toList();
        assertThat(writes).extracting(ChangeRecord::key).containsExactly("metrics", "metrics_columns");
        assertThat(writes).allSatisfy(r -> {
            assertThat(r.who()).isEqualTo("metrics");
            assertThat(r.what()).isEqualTo("steps.seed_compute_metrics:StepComputeMetrics");
            assertThat(r.op()).isEqualTo(ChangeRecord.Op.SET);
            assertThat(r.when()).isAfterOrEqualTo(before.minusSeconds(1));
        });
    }
}
