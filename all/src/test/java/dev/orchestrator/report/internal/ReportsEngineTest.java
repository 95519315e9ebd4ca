package dev.orchestrator.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.report.ReportFixtures;
import dev.orchestrator.report.database.internal.Migrations;
import dev.orchestrator.report.database.internal.RunDatabase;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a recipe with passing, failing and skipped steps through the engine and reads every report back. */
class ReportsEngineTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private Recipe recipe;

    @BeforeEach
    void runMixedRecipe() throws IOException {
        ws = new Workspace(dir);
        Path template = Workspace.repository().resolve("templates/report_template.xlsx");
        Files.createDirectories(ws.resolve("templates"));
        Files.copy(template, ws.resolve("templates/report_template.xlsx"));
        recipe = ReportFixtures.load(ws, "mixed.yaml", ReportFixtures.MIXED);
        EngineRun.in(ws).execute(selectFile(ws.resolve("recipes/mixed.yaml").toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(3).failed(2).skipped(1));
    }

    @Test
    void allureHasOneResultPerStepWithLabelsStatusesAndAttachments() throws IOException {
        Path results = ws.resolve("reports/allure-results");
        Map<String, JsonNode> byName = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
                JsonNode result = json.readTree(file.toFile());
                byName.put(result.get("name").asText(), result);
            }
        }
        assertThat(byName).containsOnlyKeys("seed", "left", "right", "broken", "after_broken", "unmet");
        assertThat(byName.get("seed").get("status").asText()).isEqualTo("passed");
        assertThat(byName.get("broken").get("status").asText()).isEqualTo("broken");
        assertThat(byName.get("broken").at("/statusDetails/message").asText()).isEqualTo("disk on fire");
        assertThat(byName.get("broken").at("/statusDetails/trace").asText()).contains("IllegalStateException");
        assertThat(byName.get("unmet").get("status").asText()).isEqualTo("failed");
        assertThat(byName.get("after_broken").get("status").asText()).isEqualTo("skipped");
        assertThat(byName.get("after_broken").at("/statusDetails/message").asText()).isEqualTo("dependency broken failed");

        JsonNode seed = byName.get("seed");
        assertThat(labels(seed, "parentSuite")).containsExactly(dir.getFileName().toString());
        assertThat(labels(seed, "suite")).containsExactly("mixed");
        assertThat(labels(seed, "owner")).containsExactly("qa-team");
        assertThat(labels(seed, "severity")).containsExactly("critical");
        assertThat(labels(seed, "tag")).containsExactly("smoke", "setup");
        assertThat(seed.get("description").asText()).contains("Mixed outcomes for reports");
        assertThat(param(seed, "api_token")).isEqualTo(dev.orchestrator.secrets.Masker.MASK);
        assertThat(param(seed, "db")).contains("h1").contains(dev.orchestrator.secrets.Masker.MASK).doesNotContain("hunter2");
        assertThat(param(seed, "set")).contains("\"rows\":3");

        for (JsonNode result : byName.values()) {
            List<String> names = result.get("attachments").findValuesAsText("name");
            boolean ran = !result.get("status").asText().equals("skipped");
            assertThat(names).as(result.get("name").asText())
                    .contains("step graph").containsAll(ran ? List.of("step log", "ctx diff") : List.of());
            for (JsonNode attachment : result.get("attachments")) {
                assertThat(results.resolve(attachment.get("source").asText())).isNotEmptyFile();
            }
        }
        JsonNode diff = json.readTree(attachment(results, byName.get("seed"), "ctx diff").toFile());
        assertThat(diff.at("/rows/new").asInt()).isEqualTo(3);
        assertThat(diff.at("/rows/old").isNull()).isTrue();

        assertThat(stepNames(byName.get("right"))).containsExactly("validate parameters", "attempt 1 of 2", "attempt 2 of 2");
        assertThat(byName.get("right").at("/steps/1/status").asText()).isEqualTo("failed");
        assertThat(byName.get("right").at("/steps/2/status").asText()).isEqualTo("passed");
        JsonNode unmet = byName.get("unmet");
        assertThat(stepNames(unmet)).containsExactly("validate parameters", "attempt 1 of 1", "success: ctx_has_keys missing_key");
        assertThat(unmet.at("/steps/1/status").asText()).isEqualTo("passed");
        assertThat(unmet.at("/steps/2/status").asText()).isEqualTo("failed");
    }

    @Test
    void theRunDatabaseHoldsTheRunItsStepsAndCtxChanges() throws Exception {
        try (RunDatabase db = RunDatabase.open(ws.resolve("Data/orchestrator.db"))) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.latest());
            List<RunDatabase.RecipeRun> runs = db.lastRuns("mixed", 5);
            assertThat(runs).hasSize(1);
            RunDatabase.RecipeRun run = runs.get(0);
            assertThat(run.runId()).isEqualTo("test-run");
            assertThat(run.status()).isEqualTo("failed");
            assertThat(List.of(run.passed(), run.failed(), run.skipped())).containsExactly(3, 2, 1);
            assertThat(run.finished()).isAfterOrEqualTo(run.started());

            List<RunDatabase.StepResult> steps = db.steps("test-run", "mixed");
            assertThat(steps).extracting(RunDatabase.StepResult::step)
                    .containsExactly("seed", "left", "right", "broken", "after_broken", "unmet");
            RunDatabase.StepResult right = steps.get(2);
            assertThat(right.attempts()).isEqualTo(2);
            assertThat(right.wallMs()).isPositive();
            assertThat(right.logPath()).isNotBlank();
            assertThat(steps.get(3).failureMessage()).isEqualTo("disk on fire");
            assertThat(steps.get(4).skipReason()).isEqualTo("dependency broken failed");

            List<ChangeRecord> rows = db.history("mixed", "rows");
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).who()).isEqualTo("seed");
            assertThat(rows.get(0).value().asInt()).isEqualTo(3);
            assertThat(db.history("mixed", "test_meta")).extracting(ChangeRecord::who).containsExactly("runner");
        }
    }

    @Test
    void theWorkbookHasSummaryStepsContextAndHistoryWithColouredStatuses() throws IOException {
        Path file = ws.resolve("reports/excel/test-run.xlsx");
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet summary = wb.getSheet("Summary");
            Row first = summary.getRow(1);
            assertThat(first.getCell(1).getStringCellValue()).isEqualTo("mixed");
            assertThat(first.getCell(2).getStringCellValue()).isEqualTo("qa-team");
            assertThat(first.getCell(4).getNumericCellValue()).isEqualTo(6);
            assertThat(first.getCell(5).getNumericCellValue()).isEqualTo(3);
            assertThat(first.getCell(9).getNumericCellValue()).isEqualTo(0.5);
            assertThat(summary.getRow(2).getCell(1).getStringCellValue()).isEqualTo("TOTAL");

            Sheet steps = wb.getSheet("Steps");
            assertThat(steps.getRow(0).getCell(4).getStringCellValue()).isEqualTo("Status");
            assertThat(steps.getLastRowNum()).isEqualTo(6);
            Map<String, Row> byName = new HashMap<>();
            for (int i = 1; i <= 6; i++) {
                byName.put(steps.getRow(i).getCell(2).getStringCellValue(), steps.getRow(i));
            }
            assertThat(byName.get("broken").getCell(4).getStringCellValue()).isEqualTo("failed");
            assertThat(byName.get("broken").getCell(10).getStringCellValue()).isEqualTo("disk on fire");
            assertThat(fill(byName.get("broken"))).isEqualTo("FFCDD2");
            assertThat(fill(byName.get("seed"))).isEqualTo("C8E6C9");
            assertThat(fill(byName.get("after_broken"))).isEqualTo("E0E0E0");
            assertThat(byName.get("right").getCell(5).getNumericCellValue()).isEqualTo(2);

            Sheet context = wb.getSheet("Context");
            Map<String, String> values = new HashMap<>();
            for (int i = 1; i <= context.getLastRowNum(); i++) {
                values.put(context.getRow(i).getCell(1).getStringCellValue(), context.getRow(i).getCell(2).getStringCellValue());
            }
            assertThat(values).containsEntry("rows", "3").containsEntry("name", "demo").containsKey("test_meta");

            Sheet history = wb.getSheet("History");
            assertThat(history.getRow(0).getCell(2).getStringCellValue()).isEqualTo("Key");
            assertThat(history.getLastRowNum()).isGreaterThanOrEqualTo(5);
            assertThat(history.getRow(1).getCell(2).getStringCellValue()).isEqualTo("test_meta");
            assertThat(history.getRow(1).getCell(6).getStringCellValue()).isEqualTo("runner");
        }
    }

    @Test
    void theStepGraphColoursEachStepByStatus() throws IOException {
        for (Path png : List.of(ws.resolve("Assets/step_sequence.png"), ws.resolve("reports/graphs/mixed.png"))) {
            BufferedImage image = ImageIO.read(png.toFile());
            GraphLayout layout = GraphLayout.of(recipe);
            assertThat(image.getWidth()).isEqualTo(layout.width());
            assertThat(image.getHeight()).isEqualTo(layout.height());
            assertThat(ReportFixtures.colourInside(image, layout.box("broken"))).satisfies(c -> assertThat(c.getRed()).isGreaterThan(c.getGreen() + 60));
            assertThat(ReportFixtures.colourInside(image, layout.box("seed"))).satisfies(c -> assertThat(c.getGreen()).isGreaterThan(c.getRed() + 40));
            assertThat(ReportFixtures.colourInside(image, layout.box("after_broken"))).isEqualTo(GraphImage.SKIPPED);
        }
        String dot = Files.readString(ws.resolve("Assets/step_sequence.dot"));
        assertThat(dot).contains("\"mixed/broken\" -> \"mixed/after_broken\"").contains("fillcolor=\"#E57373\"");
        assertThat(Files.readString(ws.resolve("Logs/orchestrator.log"))).as("no report failed")
                .doesNotContain("WARNING");
    }

    private static String fill(Row row) {
        XSSFColor colour = ((XSSFCellStyle) row.getCell(4).getCellStyle()).getFillForegroundXSSFColor();
        return colour.getARGBHex().substring(2);
    }

    private static List<String> labels(JsonNode result, String name) {
        return java.util.stream.StreamSupport.stream(result.get("labels").spliterator(), false)
                .filter(l -> l.get("name").asText().equals(name)).map(l -> l.get("value").asText()).toList();
    }

    private static String param(JsonNode result, String name) {
        for (JsonNode p : result.get("parameters")) {
            if (p.get("name").asText().equals(name)) {
                return p.get("value").asText();
            }
        }
        throw new AssertionError("no parameter " + name + " in " + result.get("parameters"));
    }

    private static List<String> stepNames(JsonNode result) {
        return java.util.stream.StreamSupport.stream(result.get("steps").spliterator(), false)
                .map(s -> s.get("name").asText()).toList();
    }

    private static Path attachment(Path results, JsonNode result, String name) {
        for (JsonNode a : result.get("attachments")) {
            if (a.get("name").asText().equals(name)) {
                return results.resolve(a.get("source").asText());
            }
        }
        throw new AssertionError("no attachment " + name);
    }
}
