package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apiguardian.api.API;

/**
 * Reads one sheet of an Excel workbook (.xlsx or .xls) into ctx as a list of objects, one per row, keyed by
 * the header row. Numbers stay numbers, booleans booleans, dates become ISO text, formulas their cached
 * value; empty rows are skipped.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 2
 *   name: read_expected_users
 *   type: java
 *   class: dev.orchestrator.scriptlets.ReadExcel
 *   params: {input: Data/users.xlsx, sheet: users, into: excel_users}
 * </pre>
 */
@ScriptletDoc(
        name = "read-excel",
        description = "Read an Excel sheet into ctx as a list of row objects keyed by the header row.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.ReadExcel --input FILE.xlsx [--sheet NAME] [--into KEY]",
        params = {
            @Param(name = "input", type = ParamType.PATH, required = true, help = "the workbook (.xlsx or .xls)"),
            @Param(name = "sheet", help = "sheet name (default: the first sheet)"),
            @Param(name = "into", defaultValue = "excel_rows", help = "ctx key of the rows"),
            @Param(name = "max_rows", type = ParamType.INT, defaultValue = "10000", help = "fail past this many data rows")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.ReadExcel --input Data/users.xlsx --sheet users"},
        limitations = "The first row is the header; blank header cells become column_<n>. Merged cells are read as their top-left value.")
@API(status = EXPERIMENTAL)
public final class ReadExcel extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        if (!Files.isRegularFile(resolve(params.string("input")))) {
            throw new InvalidParamsException("workbook not found: " + params.string("input"));
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        ArrayNode rows = Support.JSON.createArrayNode();
        String sheetName;
        try (InputStream in = Files.newInputStream(resolve(params.string("input")));
             Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = params.optionalString("sheet").map(workbook::getSheet).orElse(
                    params.has("sheet") ? null : workbook.getNumberOfSheets() > 0 ? workbook.getSheetAt(0) : null);
            if (sheet == null) {
                List<String> names = new ArrayList<>();
                workbook.forEach(s -> names.add(s.getSheetName()));
                throw new IllegalStateException("no sheet '" + params.optionalString("sheet").orElse("") + "' in "
                        + params.string("input") + " (sheets: " + names + ")");
            }
            sheetName = sheet.getSheetName();
            DataFormatter formatter = new DataFormatter();
            List<String> header = new ArrayList<>();
            long max = params.integer("max_rows", 10_000);
            for (Row row : sheet) {
                if (header.isEmpty()) {
                    for (int c = 0; c < row.getLastCellNum(); c++) {
                        Cell cell = row.getCell(c);
                        String name = cell == null ? "" : formatter.formatCellValue(cell).trim();
                        header.add(name.isEmpty() ? "column_" + (c + 1) : name);
                    }
                    continue;
                }
                ObjectNode object = Support.JSON.createObjectNode();
                boolean any = false;
                for (int c = 0; c < header.size(); c++) {
                    any |= put(object, header.get(c), row.getCell(c));
                }
                if (any) {
                    if (rows.size() >= max) {
                        throw new IllegalStateException("sheet has more than max_rows=" + max + " rows");
                    }
                    rows.add(object);
                }
            }
        }
        String key = params.optionalString("into").orElse("excel_rows");
        ctx.set(key, rows);
        log().info("read %d row(s) of sheet '%s' into '%s'", rows.size(), sheetName, key);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sheet", sheetName);
        result.put("rows", rows.size());
        return result;
    }

    /** Puts the cell's value; returns whether it had one. */
    private static boolean put(ObjectNode object, String name, Cell cell) {
        CellType type = cell == null ? CellType.BLANK : cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        switch (type) {
            case NUMERIC -> {
                if (DateUtil.isCellDateFormatted(cell)) {
                    object.put(name, cell.getLocalDateTimeCellValue().toString());
                } else {
                    double value = cell.getNumericCellValue();
                    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                        object.put(name, (long) value);
                    } else {
                        object.put(name, value);
                    }
                }
                return true;
            }
            case BOOLEAN -> {
                object.put(name, cell.getBooleanCellValue());
                return true;
            }
            case STRING -> {
                object.put(name, cell.getStringCellValue());
                return !cell.getStringCellValue().isEmpty();
            }
            default -> {
                object.putNull(name);
                return false;
            }
        }
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.ReadExcel --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new ReadExcel(), args);
    }
}
