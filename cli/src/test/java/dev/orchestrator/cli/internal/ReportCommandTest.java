package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrator report --run ID}: the workbook and graphs of a run recorded by several engine runs that
 * share its id (as the shards of a run do), built from the run database afterwards.
 */
class ReportCommandTest {

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void twoShardsOfOneRunAndAnotherRun() {
        ws = TestWorkspace.in(dir);
        ws.write("recipes/alpha.yaml", """
                test_meta: {test_id: alpha, tester: ana, description: the first shard's recipe}
                steps:
                  - {idx: 1, name: seed, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {rows: 3, api_token: s3cr3t-value}}}
                  - {idx: 2, name: check, type: java, class: dev.orchestrator.scriptlets.AssertCtx, params: {expected: {rows: 3}}}
                """);
        ws.write("recipes/beta.yaml", """
                test_meta: {test_id: beta, tester: ben, description: the second shard's recipe}
                steps:
                  - {idx: 1, name: seed, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {rows: 1}}}
                  - {idx: 2, name: check, type: java, class: dev.orchestrator.scriptlets.AssertCtx, params: {expected: {rows: 2}}}
                  - {idx: 3, name: after, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {done: true}}}
                """);
        ws.write("recipes/gamma.yaml", """
                test_meta: {test_id: gamma, tester: gil, description: another run}
                steps:
                  - {idx: 1, name: only, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {x: 1}}}
                """);
        // the database only: the workbook and graphs must come from the report command
        run("alpha", "shared-run", 0);
        run("beta", "shared-run", 1);
        run("gamma", "other-run", 0);
    }

    private void run(String recipe, String runId, int expectedExit) {
        Cli.Result result = Cli.run("run", "-w", ws.root.toString(), "-r", "recipes/" + recipe + ".yaml", "-q",
                "-c", "orchestrator.run-id=" + runId, "-c", "orchestrator.reports=database");
        assertThat(result.code()).as(result.toString()).isEqualTo(expectedExit);
    }

    @Test
    void buildsTheWorkbookAndGraphsOfEveryRecipeOfTheRunWhicheverProcessRecordedIt() throws Exception {
        assertThat(ws.root.resolve("reports/excel/shared-run.xlsx")).doesNotExist();

        Cli.Result result = Cli.run("report", "-w", ws.root.toString(), "--run", "shared-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("wrote reports/excel/shared-run.xlsx (2 recipes)")
                .contains("wrote reports/graphs/alpha.png and reports/graphs/alpha.dot")
                .contains("run shared-run: 3 passed, 1 failed, 1 skipped in 2 recipes; 2 graphs");
        try (InputStream in = Files.newInputStream(ws.root.resolve("reports/excel/shared-run.xlsx"));
             XSSFWorkbook book = new XSSFWorkbook(in)) {
            assertThat(rows(book.getSheet("Summary"))).containsExactly(
                    List.of("Run", "Recipe", "Tester", "Description", "Steps", "Passed", "Failed", "Skipped"),
                    List.of("shared-run", "alpha", "ana", "the first shard's recipe", "2", "2", "0", "0"),
                    List.of("shared-run", "beta", "ben", "the second shard's recipe", "3", "1", "1", "1"),
                    List.of("shared-run", "TOTAL", "", "run shared-run", "5", "3", "1", "1"));
            assertThat(rows(book.getSheet("Steps")).stream().skip(1).map(r -> String.join(" ", r.subList(0, 5))))
                    .containsExactly("alpha 1 seed java passed", "alpha 2 check java passed",
                            "beta 1 seed java passed", "beta 2 check java failed", "beta 3 after java skipped");
            assertThat(rows(book.getSheet("Context")).stream().skip(1).map(r -> String.join("=", r)))
                    .contains("alpha=rows=3", "alpha=api_token=******", "beta=rows=1")
                    .noneMatch(r -> r.contains("gamma") || r.contains("s3cr3t-value"));
            assertThat(rows(book.getSheet("History"))).hasSizeGreaterThan(3);
        }
        assertThat(ws.read("reports/graphs/beta.dot")).contains("\"beta/seed\" -> \"beta/check\";")
                .contains("#E57373"); // the failed step is red
        assertThat(ws.root.resolve("reports/graphs/alpha.png")).isNotEmptyFile();
        assertThat(ws.root.resolve("reports/graphs/gamma.png")).doesNotExist();
    }

    @Test
    void joinsTheDatabasesOfShardsThatRanOnSeparateMachines() throws Exception {
        run("alpha", "split-run", 0);
        TestWorkspace other = TestWorkspace.in(Files.createDirectories(dir.resolve("machine-2")));
        other.write("recipes/beta.yaml", ws.read("recipes/beta.yaml"));
        Cli.Result second = Cli.run("run", "-w", other.root.toString(), "-r", "recipes/beta.yaml", "-q",
                "-c", "orchestrator.run-id=split-run", "-c", "orchestrator.reports=database");
        assertThat(second.code()).as(second.toString()).isEqualTo(1);
        Files.copy(other.root.resolve("Data/orchestrator.db"), ws.root.resolve("shard-2.db"));

        Cli.Result result = Cli.run("report", "-w", ws.root.toString(), "--run", "split-run",
                "--database", "Data/orchestrator.db", "--database", "shard-2.db");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("wrote reports/excel/split-run.xlsx (2 recipes)")
                .contains("run split-run: 3 passed, 1 failed, 1 skipped in 2 recipes; 2 graphs");
        try (InputStream in = Files.newInputStream(ws.root.resolve("reports/excel/split-run.xlsx"));
             XSSFWorkbook book = new XSSFWorkbook(in)) {
            assertThat(rows(book.getSheet("Summary")).stream().map(r -> r.get(1)))
                    .containsExactly("Recipe", "alpha", "beta", "TOTAL");
        }
    }

    @Test
    void aRecipeWhoseFileIsGoneStillHasItsRowsButNoGraph() {
        ws.write("recipes/beta.yaml", "not: a recipe\n");
        Cli.Result result = Cli.run("report", "-w", ws.root.toString(), "--run", "shared-run");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).contains("warning: no step graph for beta");
        assertThat(result.out()).contains("(2 recipes)").contains("; 1 graph").doesNotContain("1 graphs");
    }

    @Test
    void aMavenProjectsRecipesUnderSrcTestResourcesAreDrawnFromThere() throws Exception {
        // under mvn test the engine records a recipe by its class path name (recipes/alpha.yaml), which a Maven
        // project keeps in src/test/resources/: the report run from the project folder finds it there
        Files.createDirectories(ws.root.resolve("src/test/resources/recipes"));
        Files.move(ws.root.resolve("recipes/alpha.yaml"), ws.root.resolve("src/test/resources/recipes/alpha.yaml"));
        Files.delete(ws.root.resolve("recipes/beta.yaml"));

        Cli.Result result = Cli.run("report", "-w", ws.root.toString(), "--run", "shared-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("wrote reports/graphs/alpha.png").contains("; 1 graph").doesNotContain("1 graphs");
        assertThat(result.err()).contains("warning: no step graph for beta: its recipe recipes/beta.yaml is not "
                + "in the workspace (nor under src/test/resources/ or src/main/resources/)");
    }

    @Test
    void anUnknownRunOrAMissingDatabaseIsAUsageError() {
        Cli.Result unknown = Cli.run("report", "-w", ws.root.toString(), "--run", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run 'nope' with recipes in Data/orchestrator.db");

        Cli.Result missing = Cli.run("report", "-w", ws.root.toString(), "--run", "shared-run", "--database", "x.db");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no run database at");
    }

    /** The first eight cells of each row as text. */
    private static List<List<String>> rows(Sheet sheet) {
        DataFormatter format = new DataFormatter();
        List<List<String>> rows = new ArrayList<>();
        for (Row row : sheet) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < Math.min(8, Math.max(0, row.getLastCellNum())); i++) {
                Cell cell = row.getCell(i);
                cells.add(cell == null ? "" : format.formatCellValue(cell));
            }
            rows.add(cells);
        }
        return rows;
    }
}
