package dev.orchestrator.report.excel.internal;

import dev.orchestrator.secrets.Masker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The rows a workbook of the run report gets, for {@link ExcelWriter} (during a run) and {@link RunWorkbook}
 * (from the database afterwards): streamed below the template's rows, every text masked and cut to Excel's cell
 * limit, the summary row styled the same way. Not thread-safe: its owner serialises the calls.
 */
final class SheetRows {

    private final SXSSFWorkbook workbook;
    private final Map<String, CellStyle> styles;
    private final Masker masker;
    private final Map<String, Integer> nextRow = new HashMap<>();

    SheetRows(SXSSFWorkbook workbook, Map<String, CellStyle> styles, Masker masker) {
        this.workbook = workbook;
        this.styles = styles;
        this.masker = masker;
    }

    /** The template's workbook, or the built-in layout when {@code template} is not a file. */
    static XSSFWorkbook base(Path template) {
        if (!Files.isRegularFile(template)) {
            return ExcelTemplate.create();
        }
        try (InputStream in = Files.newInputStream(template)) {
            XSSFWorkbook workbook = new XSSFWorkbook(in);
            ExcelTemplate.completeHeaders(workbook);
            return workbook;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Excel template " + template, e);
        }
    }

    /** Appends a row of values (String, Number or null) below the template's rows of {@code sheetName}. */
    Row row(String sheetName, Object... values) {
        // the template's rows (its header) stay in the base workbook; streamed rows go below them
        int next = nextRow.computeIfAbsent(sheetName, n -> workbook.getXSSFWorkbook().getSheet(n).getLastRowNum() + 1);
        nextRow.put(sheetName, next + 1);
        Row row = workbook.getSheet(sheetName).createRow(next);
        for (int i = 0; i < values.length; i++) {
            Cell cell = row.createCell(i);
            if (values[i] instanceof Number n) {
                cell.setCellValue(n.doubleValue());
            } else if (values[i] != null) {
                cell.setCellValue(ExcelWriter.limit(masker.mask(values[i].toString())));
            }
        }
        return row;
    }

    /**
     * A row of the Summary sheet: a recipe's counts (or the run's, with {@code style}), its time and pass rate, and
     * how many of the passed steps were served from the step cache ({@code cached}: they did not run).
     */
    void summaryRow(String runId, String recipe, String tester, String description, long p, long f, long s,
                    Duration duration, long cached, CellStyle style) {
        long steps = p + f + s;
        Row row = row(ExcelTemplate.SUMMARY, runId, recipe, tester, description, steps, p, f, s,
                duration.toMillis() / 1000.0, steps == 0 ? 0.0 : (double) p / steps, cached);
        row.getCell(8).setCellStyle(styles.get("number"));
        row.getCell(9).setCellStyle(styles.get("percent"));
        if (style != null) {
            for (int i : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 10}) {
                row.getCell(i).setCellStyle(style);
            }
        }
    }
}
