package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apiguardian.api.API;

/**
 * Writes a ctx list of objects (for example the rows of {@link SqlQuery}) to an .xlsx sheet: a bold header
 * row with the fields (those of every row, in first-seen order, or {@code columns}), then one row per object.
 * Numbers and booleans keep their type; objects and lists are written as JSON text.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 8
 *   name: export_users
 *   type: java
 *   class: dev.orchestrator.scriptlets.WriteExcel
 *   params: {rows: users_rows, output: Data/users.xlsx, sheet: users}
 * </pre>
 */
@ScriptletDoc(
        name = "write-excel",
        description = "Write a ctx list of objects to an .xlsx sheet (header row + one row per object).",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.WriteExcel --rows CTX_REF --output FILE.xlsx [--sheet NAME]",
        params = {
            @Param(name = "rows", required = true, help = "ctx reference to a list of objects"),
            @Param(name = "output", type = ParamType.PATH, required = true, help = "the .xlsx to write (replaced)"),
            @Param(name = "sheet", defaultValue = "data", help = "the sheet's name"),
            @Param(name = "columns", type = ParamType.LIST, help = "fields to write, in this order (default: all)")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.WriteExcel --ctx-file ctx.json --rows sql_rows --output Data/out.xlsx"},
        limitations = "One sheet per file: the file is replaced. At most 1,048,575 rows (the .xlsx limit).")
@API(status = EXPERIMENTAL)
public final class WriteExcel extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        params.string("rows");
        Path output = resolve(params.string("output"));
        if (!output.getFileName().toString().toLowerCase().endsWith(".xlsx")) {
            throw new InvalidParamsException("output must be an .xlsx file");
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        JsonNode rows = Support.ref(ctx, params.string("rows"));
        if (rows == null || !rows.isArray()) {
            throw new IllegalStateException("'" + params.string("rows") + "' is not a list in ctx");
        }
        List<String> columns = new ArrayList<>(params.strings("columns"));
        if (columns.isEmpty()) {
            Set<String> seen = new LinkedHashSet<>();
            rows.forEach(row -> row.fieldNames().forEachRemaining(seen::add));
            columns.addAll(seen);
        }
        Path output = resolve(params.string("output"));
        Files.createDirectories(output.getParent());
        Path temp = Files.createTempFile(output.getParent(), "." + output.getFileName(), ".tmp");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(temp)) {
            Sheet sheet = workbook.createSheet(params.optionalString("sheet").orElse("data"));
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            Row header = sheet.createRow(0);
            for (int c = 0; c < columns.size(); c++) {
                header.createCell(c).setCellValue(columns.get(c));
                header.getCell(c).setCellStyle(bold);
            }
            int r = 1;
            for (JsonNode row : rows) {
                Row line = sheet.createRow(r++);
                for (int c = 0; c < columns.size(); c++) {
                    JsonNode value = row.get(columns.get(c));
                    if (value == null || value.isNull()) {
                        continue;
                    }
                    if (value.isNumber()) {
                        line.createCell(c).setCellValue(value.asDouble());
                    } else if (value.isBoolean()) {
                        line.createCell(c).setCellValue(value.asBoolean());
                    } else {
                        line.createCell(c).setCellValue(value.isTextual() ? value.asText() : value.toString());
                    }
                }
            }
            workbook.write(out);
        } catch (Exception e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log().info("wrote %d row(s) × %d column(s) to %s", rows.size(), columns.size(), params.string("output"));
        return Map.of("output", params.string("output"), "rows", rows.size(), "columns", columns);
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.WriteExcel --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new WriteExcel(), args);
    }
}
