package dev.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.schedule.StepStatus;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code orchestrator graph}: DOT now; a PNG whenever the renderer can draw one. */
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
        assertThat(result.out()).contains("wrote Assets/step_sequence.dot").contains("PNG not written");
        String dot = ws.read("Assets/step_sequence.dot");
        assertThat(dot).startsWith("digraph \"par\" {")
                .contains("\"seed\" -> \"left\";", "\"seed\" -> \"right\";", "\"left\" -> \"done\";", "\"right\" -> \"done\";")
                .contains("subgraph cluster_parallel_0")
                .contains("\"seed\" [label=\"1. seed\\njava\"")
                .endsWith("}\n");
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
    void aPictureRendererPlugsInThroughTheInterface() throws Exception {
        GraphCommand command = new GraphCommand();
        command.renderer = new GraphRenderer() {
            @Override
            public String toDot(Recipe recipe, Map<String, StepStatus> s, Map<String, Duration> d) {
                return "digraph {}";
            }

            @Override
            public Optional<BufferedImage> render(Recipe recipe, Map<String, StepStatus> s, Map<String, Duration> d) {
                return Optional.of(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
            }
        };
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(new StringWriter()));
        int code = commandLine.execute("-w", ws.root.toString(), "-r", "recipes/par.yaml");
        assertThat(code).isZero();
        BufferedImage png = ImageIO.read(ws.root.resolve("Assets/step_sequence.png").toFile());
        assertThat(png.getWidth()).isEqualTo(4);
    }

    @Test
    void statusesAndDurationsColourTheDot() throws Exception {
        Recipe recipe = ((dev.orchestrator.recipe.LoadResult.Valid) new RecipeFinder(ws.root)
                .load(ws.root.resolve("recipes/par.yaml"))).recipe();
        String dot = new DotGraphRenderer().toDot(recipe, Map.of("seed", StepStatus.PASSED, "left", StepStatus.FAILED),
                Map.of("seed", Duration.ofMillis(1500)));
        assertThat(dot).contains("\"seed\" [label=\"1. seed\\njava · passed · 1.50s\", fillcolor=\"#b7e4c7\"]")
                .contains("fillcolor=\"#f4a6a6\"");
    }
}
