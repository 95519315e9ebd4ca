package dev.orchestrator.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.event.StepStatus;
import dev.orchestrator.report.ReportFixtures;
import dev.orchestrator.testing.Workspace;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphImageTest {

    /** Where the 50-step sample image is left for people to look at. */
    static final Path SAMPLE = Path.of("target", "step-graph-50.png");

    @TempDir
    Path dir;

    @Test
    void layersAreLongestPathsAndParallelGroupsShareARow() {
        Recipe recipe = ReportFixtures.load(new Workspace(dir), "mixed.yaml", ReportFixtures.MIXED);
        GraphLayout layout = GraphLayout.of(recipe);
        assertThat(layout.layer("seed")).isZero();
        assertThat(layout.layer("left")).isEqualTo(1);
        assertThat(layout.layer("right")).isEqualTo(1);
        assertThat(layout.layer("broken")).isEqualTo(2);
        assertThat(layout.layer("unmet")).isEqualTo(1);
        assertThat(layout.box("left").y).isEqualTo(layout.box("right").y);
        assertThat(layout.box("left").intersects(layout.box("right"))).isFalse();
    }

    @Test
    void aFiftyStepRecipeStaysReadableAndWithinTheCap() throws Exception {
        Recipe recipe = ReportFixtures.load(new Workspace(dir), "large.yaml", ReportFixtures.large("fifty", 50));
        Map<String, StepStatus> statuses = new HashMap<>();
        Map<String, Duration> durations = new HashMap<>();
        for (Step step : recipe.steps()) {
            if (step.idx() <= 40) {
                StepStatus status = step.idx() == 17 ? StepStatus.FAILED : step.idx() > 30 ? StepStatus.SKIPPED : StepStatus.PASSED;
                statuses.put(step.name(), status);
                durations.put(step.name(), Duration.ofMillis(37L * step.idx()));
            }
        }
        BufferedImage image = GraphImage.render(recipe, statuses, durations);
        Files.createDirectories(SAMPLE.getParent());
        GraphFiles.writePng(image, SAMPLE);

        BufferedImage read = ImageIO.read(SAMPLE.toFile());
        assertThat(read.getWidth()).isBetween(400, GraphImage.MAX_SIDE);
        assertThat(read.getHeight()).isBetween(400, GraphImage.MAX_SIDE);
        GraphLayout layout = GraphLayout.of(recipe);
        assertThat(layout.boxes()).hasSize(50);
        // no two boxes overlap, and boxes are drawn at full size (no scaling for 50 steps)
        for (Rectangle a : layout.boxes().values()) {
            assertThat(layout.boxes().values().stream().filter(a::intersects).count()).isEqualTo(1);
        }
        assertThat(read.getWidth()).isEqualTo(layout.width());
        assertThat(ReportFixtures.colourInside(read, layout.box("step_17")).getRed()).isGreaterThan(200);
        assertThat(ReportFixtures.colourInside(read, layout.box("step_17")).getGreen()).isLessThan(150);
        assertThat(ReportFixtures.colourInside(read, layout.box("step_5"))).isEqualTo(GraphImage.PASSED);
        assertThat(ReportFixtures.colourInside(read, layout.box("step_35"))).isEqualTo(GraphImage.SKIPPED);
        assertThat(ReportFixtures.colourInside(read, layout.box("step_50"))).isEqualTo(GraphImage.NOT_RUN);
    }

    @Test
    void dotHasANodePerStepAndAnEdgePerDependency() {
        Recipe recipe = ReportFixtures.load(new Workspace(dir), "mixed.yaml", ReportFixtures.MIXED);
        String dot = GraphDot.of(recipe, Map.of("seed", StepStatus.PASSED), Map.of("seed", Duration.ofMillis(1500)));
        assertThat(dot).startsWith("digraph \"mixed\" {")
                .contains("\"mixed/seed\" [label=\"seed\\n1.50s\", fillcolor=\"#81C784\"]")
                .contains("\"mixed/seed\" -> \"mixed/left\";")
                .contains("\"mixed/right\" -> \"mixed/broken\";")
                .contains("{ rank=same; \"mixed/left\"; \"mixed/right\"; }")
                .contains("fillcolor=\"#FFFFFF\"");
        long edges = recipe.steps().stream().mapToLong(s -> s.scheduling().dependsOn().size()).sum();
        assertThat(dot.split(" -> ", -1).length - 1).isEqualTo((int) edges);
    }

    @Test
    void aHugeRecipeIsScaledDownToTheCap() throws Exception {
        Recipe recipe = ReportFixtures.load(new Workspace(dir), "huge.yaml", ReportFixtures.large("huge", 600));
        BufferedImage image = GraphImage.render(recipe, Map.of(), Map.of());
        assertThat(image.getWidth()).isLessThanOrEqualTo(GraphImage.MAX_SIDE);
        assertThat(image.getHeight()).isLessThanOrEqualTo(GraphImage.MAX_SIDE);
    }

    private static final String CONTRACTS = """
            test_meta: {test_id: flow, tester: qa, description: data edges}
            steps:
              - {idx: 1, name: load, type: shell, cmd: scriptlets/shell/step.sh, writes: [rows, raw]}
              - {idx: 2, name: sum, type: shell, cmd: scriptlets/shell/step.sh, reads: [rows], writes: [total]}
              - {idx: 3, name: report, type: shell, cmd: scriptlets/shell/step.sh, reads: [total, raw]}
            """;

    @Test
    void stepsWithContractsGetDashedDataEdgesLabelledWithTheirKeys() throws Exception {
        Workspace ws = new Workspace(dir);
        ws.file("scriptlets/shell/step.sh", "#!/bin/sh\n");
        Recipe recipe = ReportFixtures.load(ws, "flow.yaml", CONTRACTS);
        String dot = GraphDot.of(recipe, Map.of(), Map.of());
        assertThat(dot)
                .contains("\"flow/load\" -> \"flow/sum\";")
                .contains("\"flow/load\" -> \"flow/sum\" [style=dashed, color=\"#1565C0\", fontcolor=\"#1565C0\","
                        + " label=\"rows\", constraint=false];")
                .contains("\"flow/sum\" -> \"flow/report\" [style=dashed, color=\"#1565C0\", fontcolor=\"#1565C0\","
                        + " label=\"total\", constraint=false];")
                .contains("\"flow/load\" -> \"flow/report\" [style=dashed, color=\"#1565C0\", fontcolor=\"#1565C0\","
                        + " label=\"raw\", constraint=false];");
        assertThat(dot.split("style=dashed", -1).length - 1).isEqualTo(3);

        BufferedImage image = GraphImage.render(recipe, Map.of(), Map.of());
        GraphFiles.writePng(image, SAMPLE.resolveSibling("step-graph-contracts.png")); // for people to look at
        GraphLayout layout = GraphLayout.of(recipe);
        Rectangle gap = new Rectangle(layout.box("load").x, (int) layout.box("load").getMaxY(),
                layout.box("load").width, GraphLayout.V_GAP);
        assertThat(pixelsOf(image, gap, DataEdges.COLOUR)).isPositive();
        Recipe plain = ReportFixtures.load(ws, "mixed.yaml", ReportFixtures.MIXED);
        BufferedImage without = GraphImage.render(plain, Map.of(), Map.of());
        Rectangle all = new Rectangle(0, 0, without.getWidth(), without.getHeight());
        assertThat(pixelsOf(without, all, DataEdges.COLOUR)).isZero();
    }

    private static int pixelsOf(BufferedImage image, Rectangle area, java.awt.Color colour) {
        int found = 0;
        for (int x = area.x; x < Math.min(image.getWidth(), area.x + area.width); x++) {
            for (int y = area.y; y < Math.min(image.getHeight(), area.y + area.height); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    found++;
                }
            }
        }
        return found;
    }
}
