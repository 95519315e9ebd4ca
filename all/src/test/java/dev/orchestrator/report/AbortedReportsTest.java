package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.report.database.internal.RunDatabase;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An aborted step (its assumption did not hold) in every report: Allure, the run database, the workbook. */
class AbortedReportsTest {

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void runRecipeWithAnAbortedStep() throws IOException {
        ws = new Workspace(dir);
        Files.createDirectories(ws.resolve("templates"));
        Files.copy(Path.of("..", "templates", "report_template.xlsx"), ws.resolve("templates/" + "report_template.xlsx"));
        Path recipe = ws.recipe("gated.yaml", """
                test_meta: {test_id: gated, tester: qa, description: an assumption that does not hold}
                steps:
                  - {idx: 1, name: seed, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                  - {idx: 2, name: gate, type: java, class: dev.orchestrator.testing.AbortingScriptlets$Assume, params: {message: no data today}}
                  - {idx: 3, name: after_gate, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
        EngineRun.in(ws).execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(1).aborted(1).skipped(1).failed(0));
    }

    @Test
    void allureReportsAnAbortedStepSkippedWithItsReason() throws IOException {
        Map<String, JsonNode> byName = new HashMap<>();
        try (Stream<Path> files = Files.list(ws.resolve("reports/allure-results"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
                JsonNode result = new ObjectMapper().readTree(file.toFile());
                byName.put(result.get("name").asText(), result);
            }
        }
        JsonNode gate = byName.get("gate");
        assertThat(gate.get("status").asText()).isEqualTo("skipped");
        assertThat(gate.at("/statusDetails/message").asText()).contains("no data today");
        assertThat(gate.at("/steps/1/name").asText()).isEqualTo("attempt 1 of 1");
        assertThat(gate.at("/steps/1/status").asText()).isEqualTo("skipped");
        assertThat(byName.get("after_gate").at("/statusDetails/message").asText()).isEqualTo("dependency gate was aborted");
    }

    @Test
    void theRunDatabaseStoresStatusAbortedWithTheReason() throws Exception {
        try (RunDatabase db = RunDatabase.open(ws.resolve("Data/orchestrator.db"))) {
            List<RunDatabase.StepResult> steps = db.steps("test-run", "gated");
            RunDatabase.StepResult gate = steps.get(1);
            assertThat(gate.status()).isEqualTo("aborted");
            assertThat(gate.attempts()).isEqualTo(1);
            assertThat(gate.skipReason()).contains("no data today");
            assertThat(gate.failureMessage()).isNull();
            assertThat(gate.logPath()).isNotBlank();
            RunDatabase.RecipeRun run = db.lastRuns("gated", 1).get(0);
            assertThat(run.status()).isEqualTo("passed");
            assertThat(List.of(run.passed(), run.failed(), run.skipped())).containsExactly(1, 0, 2);
        }
    }

    @Test
    void theWorkbookShowsTheAbortedStatusAndReason() throws IOException {
        try (InputStream in = Files.newInputStream(ws.resolve("reports/excel/test-run.xlsx"));
             XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet steps = wb.getSheet("Steps");
            Map<String, Row> byName = new HashMap<>();
            for (int i = 1; i <= steps.getLastRowNum(); i++) {
                byName.put(steps.getRow(i).getCell(2).getStringCellValue(), steps.getRow(i));
            }
            assertThat(byName.get("gate").getCell(4).getStringCellValue()).isEqualTo("aborted");
            assertThat(byName.get("gate").getCell(10).getStringCellValue()).contains("no data today");
            Row summary = wb.getSheet("Summary").getRow(1);
            assertThat(summary.getCell(6).getNumericCellValue()).as("failed").isZero();
            assertThat(summary.getCell(7).getNumericCellValue()).as("skipped, aborted included").isEqualTo(2);
        }
    }
}
