package dev.orchestrator.report.excel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.report.database.internal.RunReader;
import dev.orchestrator.testing.CachedRecipes;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbook marks a step served from the step cache (docs/caching.md): its Steps row names the run its result
 * came from, and the Summary counts the cached steps; written during the run and rebuilt from the run database.
 */
class ExcelCacheTest {

    static final String RECIPE = CachedRecipes.cachedLoadThenCheck("cachedbook");

    @TempDir
    Path dir;

    @Test
    void theSecondRunsWorkbookNamesTheRunACachedStepCameFromAndCountsIt() throws Exception {
        Workspace ws = new Workspace(dir);
        oldTemplate(ws.resolve("templates/" + ExcelTemplate.FILE_NAME));
        Path recipe = ws.recipe("cachedbook.yaml", RECIPE);
        for (String run : List.of("first", "second")) {
            EngineRun.in(ws).config(Constants.RUN_ID, run).config(ReportKeys.REPORTS, "excel, database")
                    .execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(2));
        }

        try (XSSFWorkbook first = read(ws.resolve("reports/excel/first.xlsx"))) {
            assertThat(cachedFrom(first, "load")).isEmpty();
            assertThat(summary(first, "cachedbook").getCell(10).getNumericCellValue()).isZero();
        }
        try (XSSFWorkbook second = read(ws.resolve("reports/excel/second.xlsx"))) {
            assertSecondRun(second);
        }
        // the same workbook rebuilt from the run database after the run (orchestrator report)
        Path rebuilt;
        try (RunReader reader = RunReader.of(ws.resolve("Data/orchestrator.db"))) {
            rebuilt = RunWorkbook.write(List.of(reader), "second", ws.resolve("templates/none.xlsx"), ws.resolve("rebuilt"));
        }
        try (XSSFWorkbook fromDatabase = read(rebuilt)) {
            assertSecondRun(fromDatabase);
        }
    }

    private static void assertSecondRun(XSSFWorkbook book) {
        // the header is there though the template (made before the column) lacks it
        assertThat(book.getSheet(ExcelTemplate.STEPS).getRow(0).getCell(11).getStringCellValue()).isEqualTo("Cached from run");
        assertThat(book.getSheet(ExcelTemplate.SUMMARY).getRow(0).getCell(10).getStringCellValue()).isEqualTo("Cached");
        assertThat(cachedFrom(book, "load")).isEqualTo("first");
        assertThat(cachedFrom(book, "check")).isEmpty();
        assertThat(step(book, "load").getCell(4).getStringCellValue()).isEqualTo("passed");
        Row summary = summary(book, "cachedbook");
        assertThat(summary.getCell(5).getNumericCellValue()).isEqualTo(2); // passed: cached steps count as passed
        assertThat(summary.getCell(10).getNumericCellValue()).isEqualTo(1); // of which cached
        assertThat(summary(book, "TOTAL").getCell(10).getNumericCellValue()).isEqualTo(1);
    }

    /** A template as made before the cached columns existed: the built-in one without its last header cells. */
    private static void oldTemplate(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        try (XSSFWorkbook wb = ExcelTemplate.create(); OutputStream out = Files.newOutputStream(file)) {
            Row steps = wb.getSheet(ExcelTemplate.STEPS).getRow(0);
            steps.removeCell(steps.getCell(11));
            Row summary = wb.getSheet(ExcelTemplate.SUMMARY).getRow(0);
            summary.removeCell(summary.getCell(10));
            wb.write(out);
        }
    }

    private static XSSFWorkbook read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new XSSFWorkbook(in);
        }
    }

    private static String cachedFrom(XSSFWorkbook book, String step) {
        Cell cell = step(book, step).getCell(11);
        return cell == null ? "" : cell.getStringCellValue();
    }

    private static Row step(XSSFWorkbook book, String name) {
        return find(book.getSheet(ExcelTemplate.STEPS), 2, name);
    }

    private static Row summary(XSSFWorkbook book, String recipe) {
        return find(book.getSheet(ExcelTemplate.SUMMARY), 1, recipe);
    }

    private static Row find(Sheet sheet, int column, String value) {
        for (int i = 1; i <= sheet.getLastRowNum(); i++) {
            Row row = sheet.getRow(i);
            if (row != null && row.getCell(column) != null && value.equals(row.getCell(column).getStringCellValue())) {
                return row;
            }
        }
        throw new AssertionError("no row with " + value + " in column " + column + " of " + sheet.getSheetName());
    }
}
