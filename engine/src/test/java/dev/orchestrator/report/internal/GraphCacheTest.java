package dev.orchestrator.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.report.ReportFixtures;
import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.testing.CachedRecipes;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step graph marks a step served from the step cache, in the PNG and the DOT (docs/reports.md). */
class GraphCacheTest {

    static final String RECIPE = CachedRecipes.cachedLoadThenCheck("cachedgraph");

    @TempDir
    Path dir;

    @Test
    void aStepServedFromTheCacheIsTealWithTheRunItCameFromAndAStepThatRanStaysGreen() throws Exception {
        Workspace ws = new Workspace(dir);
        Path file = ws.recipe("cachedgraph.yaml", RECIPE);
        Path dot = ws.resolve("reports/graphs/cachedgraph.dot");
        Path png = ws.resolve("reports/graphs/cachedgraph.png");

        run(ws, file, "first");
        assertThat(Files.readString(dot)).doesNotContain("cached from", "dashed").contains("fillcolor=\"#81C784\"");
        assertThat(colourOf(png, ws, "load")).isEqualTo(GraphImage.PASSED);

        run(ws, file, "second");
        assertThat(Files.readString(dot))
                .contains("\"cachedgraph/load\" [label=\"load\\ncached from run first\", fillcolor=\"#80CBC4\","
                        + " style=\"rounded,filled,dashed\"];")
                .containsPattern("\"cachedgraph/check\" \\[label=\"check\\\\n[^\"]+\", fillcolor=\"#81C784\"\\];");
        // the run's graph in Assets/ says the same
        assertThat(Files.readString(ws.resolve("Assets/step_sequence.dot"))).contains("cached from run first");
        assertThat(colourOf(png, ws, "load")).isEqualTo(GraphImage.CACHED);
        assertThat(colourOf(png, ws, "check")).isEqualTo(GraphImage.PASSED);
        // the legend has a cached entry: its swatch sits between passed's and failed's
        BufferedImage image = ImageIO.read(png.toFile());
        Files.createDirectories(GraphImageTest.SAMPLE.getParent());
        Files.copy(png, GraphImageTest.SAMPLE.resolveSibling("step-graph-cached.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING); // for people to look at
        assertThat(new java.awt.Color(image.getRGB(GraphLayout.MARGIN + 98 + 7, 43))).isEqualTo(GraphImage.CACHED);
    }

    private static void run(Workspace ws, Path recipe, String runId) {
        EngineRun.in(ws).config(Constants.RUN_ID, runId).config(ReportKeys.REPORTS, "graph")
                .execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(2));
    }

    private static java.awt.Color colourOf(Path png, Workspace ws, String step) throws Exception {
        Recipe recipe = ReportFixtures.load(ws, "cachedgraph.yaml", RECIPE);
        return ReportFixtures.colourInside(ImageIO.read(png.toFile()), GraphLayout.of(recipe).box(step));
    }
}
