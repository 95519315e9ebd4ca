package dev.orchestrator.report.excel.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.report.internal.LibraryLogging;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apiguardian.api.API;

/**
 * Generates the Excel report template {@code templates/report_template.xlsx} (committed to the repository;
 * run this again only to reset it after a layout change; the commands are in docs/reports.md, Excel), taking the
 * file to write as its one argument.
 */
@API(status = INTERNAL)
public final class ExcelTemplateTool {

    private ExcelTemplateTool() {
    }

    /** @param args the output file (default {@code templates/report_template.xlsx}) */
    public static void main(String[] args) throws IOException {
        LibraryLogging.quietLog4j();
        Path out = Path.of(args.length > 0 ? args[0] : "templates/" + ExcelTemplate.FILE_NAME);
        write(out);
        System.out.println("wrote " + out.toAbsolutePath().normalize());
    }

    static void write(Path out) throws IOException {
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (XSSFWorkbook wb = ExcelTemplate.create(); OutputStream os = Files.newOutputStream(out)) {
            wb.write(os);
        }
    }
}
