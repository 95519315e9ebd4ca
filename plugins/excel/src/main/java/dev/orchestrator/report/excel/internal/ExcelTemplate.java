package dev.orchestrator.report.excel.internal;

import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The layout of {@code templates/report_template.xlsx}: four sheets with a header row each, and a hidden
 * {@value #STYLES} sheet whose cells carry the styles the report uses (A1 header, A2 passed, A3 failed,
 * A4 skipped, A5 number, A6 percent). Restyle a report by restyling those cells in Excel; the writer reads
 * them from the template.
 */
final class ExcelTemplate {

    static final String FILE_NAME = "report_template.xlsx";
    static final String SUMMARY = "Summary";
    static final String STEPS = "Steps";
    static final String CONTEXT = "Context";
    static final String HISTORY = "History";
    static final String STYLES = "Styles";

    /** Style names, in the order of the rows of the {@value #STYLES} sheet. */
    static final List<String> STYLE_NAMES = List.of("header", "passed", "failed", "skipped", "number", "percent");

    static final Map<String, List<String>> HEADERS = Map.of(
            SUMMARY, List.of("Run", "Recipe", "Tester", "Description", "Steps", "Passed", "Failed", "Skipped",
                    "Duration (s)", "Pass rate", "Cached"),
            STEPS, List.of("Recipe", "Idx", "Name", "Type", "Status", "Attempts", "Duration (ms)", "CPU (ms)",
                    "Peak memory (MiB)", "Allocated (MiB)", "Message", "Cached from run"),
            CONTEXT, List.of("Recipe", "Key", "Value (JSON)"),
            HISTORY, List.of("Recipe", "When (UTC)", "Key", "Op", "Old", "New", "Who", "What"));

    private static final Map<String, int[]> WIDTHS = Map.of(
            SUMMARY, new int[]{20, 24, 14, 40, 8, 8, 8, 8, 12, 10, 8},
            STEPS, new int[]{20, 6, 28, 8, 9, 9, 13, 11, 17, 15, 60, 20},
            CONTEXT, new int[]{20, 28, 80},
            HISTORY, new int[]{20, 28, 24, 8, 40, 40, 24, 40});

    private ExcelTemplate() {
    }

    /** A new template workbook (what {@link ExcelTemplateTool} saves). */
    static XSSFWorkbook create() {
        XSSFWorkbook wb = new XSSFWorkbook();
        CellStyle header = style(wb, new byte[]{(byte) 0x37, (byte) 0x47, (byte) 0x4F}, true);
        for (String name : List.of(SUMMARY, STEPS, CONTEXT, HISTORY)) {
            Sheet sheet = wb.createSheet(name);
            Row row = sheet.createRow(0);
            List<String> headers = HEADERS.get(name);
            for (int i = 0; i < headers.size(); i++) {
                var cell = row.createCell(i);
                cell.setCellValue(headers.get(i));
                cell.setCellStyle(header);
                sheet.setColumnWidth(i, WIDTHS.get(name)[i] * 256);
            }
            sheet.createFreezePane(0, 1);
            sheet.setAutoFilter(new org.apache.poi.ss.util.CellRangeAddress(0, 0, 0, headers.size() - 1));
        }
        Sheet styles = wb.createSheet(STYLES);
        CellStyle number = wb.createCellStyle();
        number.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
        CellStyle percent = wb.createCellStyle();
        percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));
        List<CellStyle> list = List.of(header,
                style(wb, new byte[]{(byte) 0xC8, (byte) 0xE6, (byte) 0xC9}, false),
                style(wb, new byte[]{(byte) 0xFF, (byte) 0xCD, (byte) 0xD2}, false),
                style(wb, new byte[]{(byte) 0xE0, (byte) 0xE0, (byte) 0xE0}, false),
                number, percent);
        for (int i = 0; i < STYLE_NAMES.size(); i++) {
            var cell = styles.createRow(i).createCell(0);
            cell.setCellValue(STYLE_NAMES.get(i));
            cell.setCellStyle(list.get(i));
        }
        wb.setSheetHidden(wb.getSheetIndex(STYLES), true);
        wb.setActiveSheet(0);
        return wb;
    }

    private static CellStyle style(XSSFWorkbook wb, byte[] rgb, boolean header) {
        XSSFCellStyle style = wb.createCellStyle();
        style.setFillForegroundColor(new XSSFColor(rgb, null));
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        style.setBorderBottom(BorderStyle.THIN);
        style.setBottomBorderColor(IndexedColors.GREY_40_PERCENT.getIndex());
        if (header) {
            Font font = wb.createFont();
            font.setBold(true);
            font.setColor(IndexedColors.WHITE.getIndex());
            style.setFont(font);
        }
        return style;
    }

    /**
     * Adds the header cells a template made before a column was added lacks (at the end of its header row, in the
     * style of its first header cell), so that every column the writer fills has its name.
     */
    static void completeHeaders(Workbook template) {
        HEADERS.forEach((name, headers) -> {
            Sheet sheet = template.getSheet(name);
            Row row = sheet == null ? null : sheet.getRow(0);
            if (row == null || row.getLastCellNum() < 1) {
                return;
            }
            CellStyle style = row.getCell(0) == null ? null : row.getCell(0).getCellStyle();
            for (int i = row.getLastCellNum(); i < headers.size(); i++) {
                var cell = row.createCell(i);
                cell.setCellValue(headers.get(i));
                if (style != null) {
                    cell.setCellStyle(style);
                }
                sheet.setColumnWidth(i, WIDTHS.get(name)[i] * 256);
            }
        });
    }

    /** The styles of a template, by name (see {@link #STYLE_NAMES}); a missing one is a plain style. */
    static Map<String, CellStyle> styles(Workbook template) {
        Sheet sheet = template.getSheet(STYLES);
        Map<String, CellStyle> styles = new java.util.HashMap<>();
        for (int i = 0; i < STYLE_NAMES.size(); i++) {
            Row row = sheet == null ? null : sheet.getRow(i);
            CellStyle style = row == null || row.getCell(0) == null ? template.createCellStyle() : row.getCell(0).getCellStyle();
            styles.put(STYLE_NAMES.get(i), style);
        }
        return styles;
    }
}
