package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample recipe that uses a cached step, a service step and ctx contracts together (recipes/beyond_peers.yaml),
 * the way the README's tour shows it: it validates, passes, passes again from the cache, and leaves no stub behind.
 */
class BeyondPeersDemoTest {

    private static final String RECIPE = "recipes/beyond_peers.yaml";

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.copy(RECIPE);
    }

    @Test
    void validatesRunsAndRunsAgainFromTheCache() throws IOException {
        Cli.Result valid = Cli.run("validate", "--workspace", ws.root.toString(), RECIPE);
        assertThat(valid.code()).as(valid.toString()).isZero();

        Cli.Result first = Cli.run("run", "--workspace", ws.root.toString(), "--recipe", RECIPE);
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("1 recipe, 7 steps: 7 passed, 0 failed, 0 skipped")
                .doesNotContain("cached from run");
        byte[] clean = Files.readAllBytes(ws.root.resolve("Data/beyond_peers/clean.csv"));
        Files.delete(ws.root.resolve("Data/beyond_peers/clean.csv"));

        Cli.Result second = Cli.run("run", "--workspace", ws.root.toString(), "--recipe", RECIPE);
        assertThat(second.code()).as(second.toString()).isZero();
        assertThat(second.out()).contains("7 passed");
        assertThat(second.out().lines().filter(line -> line.contains("cached from run")))
                .anySatisfy(line -> assertThat(line).contains("preprocess_csv"))
                .anySatisfy(line -> assertThat(line).contains("compute_metrics"));
        assertThat(Files.readAllBytes(ws.root.resolve("Data/beyond_peers/clean.csv"))).isEqualTo(clean);

        Cli.Result uncached = Cli.run("run", "--workspace", ws.root.toString(), "--recipe", RECIPE, "--no-cache");
        assertThat(uncached.code()).as(uncached.toString()).isZero();
        assertThat(uncached.out()).doesNotContain("cached from run");

        // the stub was stopped each time: its log ends with the stop, and no serve-dir process of this workspace lives
        try (Stream<Path> logs = Files.list(ws.root.resolve("Logs"))) {
            assertThat(logs.filter(p -> p.getFileName().toString().endsWith("_stub_api.log"))).hasSize(3);
        }
        assertThat(liveProcessesMentioning(ws.root.toRealPath().toString())).isZero();
    }

    @Test
    void theGraphCarriesTheDataEdges() {
        Cli.Result graph = Cli.run("graph", "--workspace", ws.root.toString(), "--recipe", RECIPE,
                "--out", "Assets/beyond.png", "--print");
        assertThat(graph.code()).as(graph.toString()).isZero();
        assertThat(graph.out()).contains("style=dashed").contains("label=\"stub_port\"").contains("clean_csv");
    }

    private static long liveProcessesMentioning(String text) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(text);
                        } catch (IOException | RuntimeException gone) {
                            return false;
                        }
                    })
                    .count();
        }
    }
}
