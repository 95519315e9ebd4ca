package dev.orchestrator.report.excel.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.context.internal.FileNames;
import dev.orchestrator.report.internal.LibraryLogging;
import dev.orchestrator.report.database.internal.RunReader;
import dev.orchestrator.secrets.Masker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apiguardian.api.API;

/**
 * The Excel workbook of a whole run built from the run database after the run, whichever processes wrote it (the
 * shards of a run share its run id), or from several databases (one per shard, each holding part of the run): the same sheets, columns and styles as {@link ExcelWriter} writes during a
 * run (docs/reports.md), with the rows read back through {@link RunReader}. Steps that were planned but never
 * started show as {@code pending}. Every text cell is masked ({@link Masker}); ctx values come back masked.
 */
@API(status = INTERNAL)
public final class RunWorkbook {

    private static final Set<String> STYLED = Set.of("passed", "failed", "skipped");

    private final Masker masker = Masker.create();
    private final SXSSFWorkbook workbook;
    private final Map<String, CellStyle> styles;
    private final SheetRows rows;
    private long passed;
    private long failed;
    private long skipped;
    private long cached;
    private Duration total = Duration.ZERO;

    private RunWorkbook(XSSFWorkbook base) {
        styles = ExcelTemplate.styles(base);
        workbook = new SXSSFWorkbook(base, ExcelWriter.ROW_WINDOW);
        rows = new SheetRows(workbook, styles, masker);
        workbook.setCompressTempFiles(true);
    }

    /**
     * Writes {@code <outDir>/<runId>.xlsx} (the run id made file-safe), replacing it atomically: the recipes of
     * {@code runId} in each reader, in reader order.
     *
     * @param template {@code templates/report_template.xlsx}; when it is not a file the built-in layout is used
     * @return the file written
     * @throws SQLException when the database cannot be read
     * @throws UncheckedIOException when the template cannot be read or the workbook cannot be written
     */
    public static Path write(List<RunReader> readers, String runId, Path template, Path outDir) throws SQLException {
        LibraryLogging.quietLog4j();
        RunWorkbook book = new RunWorkbook(SheetRows.base(template));
        try {
            book.fill(readers, runId);
            return book.save(outDir, runId);
        } finally {
            try {
                book.workbook.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void fill(List<RunReader> readers, String runId) throws SQLException {
        for (RunReader reader : readers) {
            for (RunReader.RecipeRow recipe : reader.recipes(runId)) {
                recipe(reader, runId, recipe);
            }
        }
        rows.summaryRow(runId, "TOTAL", "", "run " + runId, passed, failed, skipped, total, cached, styles.get("header"));
    }

    /** One recipe's Summary row, its Steps, its final Context and its History. */
    private void recipe(RunReader reader, String runId, RunReader.RecipeRow recipe) throws SQLException {
        List<RunReader.StepRow> steps = reader.steps(runId, recipe.recipe());
        long p = count(steps, "passed");
        long f = count(steps, "failed");
        long s = count(steps, "skipped");
        long fromCache = steps.stream().filter(step -> step.cachedFrom() != null).count();
        Duration duration = between(recipe.started(), recipe.finished());
        passed += p;
        failed += f;
        skipped += s;
        cached += fromCache;
        total = total.plus(duration);
        rows.summaryRow(runId, recipe.recipe(), recipe.tester(), recipe.description(), p, f, s, duration, fromCache, null);
        for (RunReader.StepRow step : steps) {
            stepRow(step);
        }
        List<RunReader.Change> changes = reader.changes(runId, recipe.recipe());
        finalValues(changes).properties().forEach(v ->
                rows.row(ExcelTemplate.CONTEXT, recipe.recipe(), v.getKey(), json(v.getValue())));
        for (RunReader.Change c : changes) {
            rows.row(ExcelTemplate.HISTORY, c.recipe(), c.when(), c.key(), c.op(), json(c.old()), json(c.value()),
                    c.who(), c.what());
        }
    }

    /** The ctx at the end of the recipe: its changes replayed in order. */
    private static ObjectNode finalValues(List<RunReader.Change> changes) {
        ObjectNode values = ContextJson.mapper().createObjectNode();
        for (RunReader.Change c : changes) {
            if ("delete".equals(c.op())) {
                values.remove(c.key());
            } else {
                values.set(c.key(), c.value());
            }
        }
        return values;
    }

    private Path save(Path outDir, String runId) {
        try {
            Files.createDirectories(outDir);
            Path out = outDir.resolve(FileNames.safe(runId) + ".xlsx");
            Path tmp = dev.orchestrator.context.internal.TempFiles.createBeside(outDir, ".excel", ".xlsx.tmp");
            try {
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    workbook.write(os);
                }
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Excel report of run " + runId + " to " + outDir, e);
        }
    }

    private void stepRow(RunReader.StepRow step) {
        String message = step.failureMessage() != null ? step.failureMessage() : step.skipReason();
        Row row = rows.row(ExcelTemplate.STEPS, step.recipe(), step.idx(), step.step(), step.type(), step.status(),
                step.attempts(), step.wallMs(), step.cpuMs(), mib(step.peakMemoryBytes()),
                mib(step.allocatedBytes()), message, step.cachedFrom());
        if (STYLED.contains(step.status())) {
            row.getCell(4).setCellStyle(styles.get(step.status()));
        }
        for (int i = 6; i <= 9; i++) {
            row.getCell(i).setCellStyle(styles.get("number"));
        }
    }
    private static long count(List<RunReader.StepRow> steps, String status) {
        return steps.stream().filter(s -> status.equals(s.status())).count();
    }

    private static Duration between(String started, String finished) {
        if (started == null || finished == null) {
            return Duration.ZERO;
        }
        return Duration.between(Instant.parse(started), Instant.parse(finished));
    }

    private static Double mib(Long bytes) {
        return bytes == null || bytes < 0 ? null : bytes / (1024.0 * 1024.0);
    }

    private static String json(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? ""
                : node.isTextual() ? node.asText() : ContextJson.compact(node);
    }
}
