package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrator graph}: the step graph as PNG and DOT. */
class GraphCommandTest {

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.write("recipes/par.yaml", """
                test_meta: {test_id: par, tester: t, description: d}
                steps:
                  - {idx: 1, name: seed, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {a: 1}}}
                  - parallel:
                      - {idx: 2, name: left, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {b: 1}}}
                      - {idx: 3, name: right, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {c: 1}}}
                  - {idx: 4, name: "done", type: java, class: dev.orchestrator.scriptlets.AssertCtx, params: {expected: {a: 1}}}
                """);
    }

    @Test
    void writesTheDotNextToThePngPath() {
        Cli.Result result = Cli.run("graph", "--workspace", ws.root.toString(), "--recipe", "recipes/par.yaml");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("wrote Assets/step_sequence.png and Assets/step_sequence.dot")
                .contains("no run recorded yet");
        String dot = ws.read("Assets/step_sequence.dot");
        assertThat(dot).contains("digraph").contains("seed", "left", "right", "done")
                .contains("\"par/seed\" -> \"par/left\";", "\"par/right\" -> \"par/done\";")
                .contains("{ rank=same; \"par/left\"; \"par/right\"; }");
    }

    @Test
    void aStepServedFromTheCacheInTheLastRunIsMarkedAndSoIsItInTheRebuiltReport() throws Exception {
        MonitorCachedStepTest.twoRuns(ws);
        Cli.Result graph = Cli.run("graph", "-w", ws.root.toString(), "-r", "recipes/cachedui.yaml", "--print");
        assertThat(graph.code()).as(graph.toString()).isZero();
        String marked = "\"cachedui/load\" [label=\"load\\ncached from run cache-1\", fillcolor=\"#80CBC4\","
                + " style=\"rounded,filled,dashed\"];";
        assertThat(graph.out()).contains("(coloured by run cache-2)", marked);
        // orchestrator report draws the run's graphs from the database the same way
        Cli.Result report = Cli.run("report", "-w", ws.root.toString(), "--run", "cache-2");
        assertThat(report.code()).as(report.toString()).isZero();
        assertThat(ws.read("reports/graphs/cachedui.dot")).contains(marked);
        assertThat(ws.read("reports/graphs/cachedui.dot")).doesNotContain("\"cachedui/check\" [label=\"check\\ncached");
    }

    @Test
    void outAndPrintAreHonoured() {
        Cli.Result result = Cli.run("graph", "-w", ws.root.toString(), "-r", "recipes/par.yaml", "--out",
                "reports/g.png", "--print");
        assertThat(result.code()).isZero();
        assertThat(ws.root.resolve("reports/g.dot")).exists();
        assertThat(result.out()).contains("digraph \"par\"");
    }

    @Test
    void anInvalidRecipeExitsTwo() {
        ws.write("recipes/bad.yaml", "test_meta: {test_id: bad}\n");
        Cli.Result result = Cli.run("graph", "-w", ws.root.toString(), "-r", "recipes/bad.yaml");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).containsPattern("recipes/bad.yaml:\\d+:\\d+: ");
    }

    @Test
    void writesAPngThatDecodes() throws Exception {
        int code = Cli.run("graph", "-w", ws.root.toString(), "-r", "recipes/par.yaml").code();
        assertThat(code).isZero();
        BufferedImage png = ImageIO.read(ws.root.resolve("Assets/step_sequence.png").toFile());
        assertThat(png.getWidth()).isGreaterThan(100);
        assertThat(png.getHeight()).isGreaterThan(50);
    }
}
