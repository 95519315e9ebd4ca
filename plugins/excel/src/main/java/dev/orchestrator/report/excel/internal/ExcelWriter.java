package dev.orchestrator.report.excel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.context.internal.FileNames;
import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.report.internal.LibraryLogging;
import dev.orchestrator.report.RecipeTally;
import dev.orchestrator.report.internal.ReportWarmUp;
import dev.orchestrator.event.StepStatus;
import dev.orchestrator.secrets.Masker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes {@code reports/excel/<run_id>.xlsx} from {@code templates/report_template.xlsx} (docs/reports.md): a
 * Summary row per recipe and a total, a Steps row per step (status cells coloured; a step served from the step
 * cache names the run its result came from), the final ctx values (Context) and every ctx change (History).
 *
 * <p>Rows are streamed ({@link SXSSFWorkbook}: only a window of rows stays in memory, the rest goes to a
 * compressed temporary file) and appended as each recipe finishes, so a run with 100 000 ctx changes
 * needs little heap. Without a template file the built-in layout is used. Every text cell is masked
 * ({@link Masker}); ctx values under secret keys show only the mask.
 */
final class ExcelWriter implements Subscriber<RunEvent> {

    static final int ROW_WINDOW = 200;
    /** Excel's limit of characters in one cell. */
    static final int CELL_LIMIT = 32_767;

    private final Path template;
    private final Path outDir;
    private final Masker masker;
    private final Map<String, RecipeTally> tallies = new ConcurrentHashMap<>();
    private final Map<String, Instant> started = new ConcurrentHashMap<>();

    private SXSSFWorkbook workbook;
    private Map<String, CellStyle> styles;
    private SheetRows rows;
    private String runId;
    private long passed;
    private long failed;
    private long skipped;
    private long cached;
    private Duration total = Duration.ZERO;

    ExcelWriter(Path template, Path outDir) {
        this(template, outDir, Masker.create());
    }

    ExcelWriter(Path template, Path outDir, Masker masker) {
        this.template = template;
        this.outDir = outDir;
        this.masker = masker;
    }

    @Override
    public void subscribe(Subscriptions<RunEvent> on) {
        on.event(RunEvent.RunStarted.class, e -> runStarted(e.run()));
        on.event(RunEvent.RecipeStarted.class, e -> recipeStarted(e.recipe(), e.ctx()));
        on.event(RunEvent.StepFinished.class, e -> stepFinished(e.recipe(), e.step(), e.outcome()));
        on.event(RunEvent.StepSkipped.class, e -> stepSkipped(e.recipe(), e.step(), e.reason()));
        on.event(RunEvent.RecipeFinished.class, e -> recipeFinished(e.recipe(), e.ctx()));
        on.event(RunEvent.RunFinished.class, e -> runFinished(e.run()));
    }

    public synchronized void runStarted(RunInfo run) {
        runId = run.runId();
        LibraryLogging.quietLog4j();
        XSSFWorkbook base = SheetRows.base(template);
        styles = ExcelTemplate.styles(base);
        workbook = new SXSSFWorkbook(base, ROW_WINDOW);
        workbook.setCompressTempFiles(true);
        rows = new SheetRows(workbook, styles, masker);
        // POI's writing side (the zip, the streamed sheets, the styles) loads now, while the steps run, not at the end
        ReportWarmUp.once("excel", ExcelWriter::warmUp);
    }

    private static void warmUp() throws IOException {
        try (SXSSFWorkbook sample = new SXSSFWorkbook(new XSSFWorkbook(), 10)) {
            sample.setCompressTempFiles(true);
            Row row = sample.createSheet("warm-up").createRow(0);
            row.createCell(0).setCellValue("warm-up");
            row.createCell(1).setCellValue(1.5);
            row.getCell(0).setCellStyle(sample.createCellStyle());
            sample.write(OutputStream.nullOutputStream());
        }
    }

    public void recipeStarted(Recipe recipe, Context ctx) {
        tallies.put(recipe.testId(), new RecipeTally(recipe));
        started.put(recipe.testId(), Instant.now());
    }

    public void stepFinished(Recipe recipe, Step step, StepOutcome.Finished outcome) {
        tally(recipe).finished(step, outcome);
    }

    public void stepSkipped(Recipe recipe, Step step, String reason) {
        tally(recipe).skipped(step, reason);
    }

    public synchronized void recipeFinished(Recipe recipe, Context ctx) {
        RecipeTally tally = tallies.remove(recipe.testId());
        if (tally == null || workbook == null) {
            return;
        }
        Instant start = started.getOrDefault(recipe.testId(), Instant.now());
        Duration duration = Duration.between(start, Instant.now());
        long p = tally.count(StepStatus.PASSED);
        long f = tally.count(StepStatus.FAILED);
        // the summary has no aborted column: an aborted step did not pass and did not fail (the Steps sheet says which)
        long s = tally.count(StepStatus.SKIPPED) + tally.count(StepStatus.ABORTED);
        passed += p;
        failed += f;
        skipped += s;
        cached += tally.cached();
        total = total.plus(duration);
        rows.summaryRow(runId, recipe.testId(), recipe.meta().tester(), recipe.meta().description(), p, f, s, duration,
                tally.cached(), null);
        for (RecipeTally.Entry e : tally.entries()) {
            stepRow(recipe.testId(), e);
        }
        ctx.snapshot().values().properties().forEach(v ->
                rows.row(ExcelTemplate.CONTEXT, recipe.testId(), v.getKey(), json(masker.mask(v.getKey(), v.getValue()))));
        for (ChangeRecord c : ctx.history()) {
            rows.row(ExcelTemplate.HISTORY, c.recipe(), c.when().toString(), c.key(),
                    c.op().name().toLowerCase(Locale.ROOT), json(masker.mask(c.key(), c.old())),
                    json(masker.mask(c.key(), c.value())), c.who(), c.what());
        }
    }

    public synchronized void runFinished(RunInfo run) {
        if (workbook == null) {
            return;
        }
        try {
            rows.summaryRow(runId, "TOTAL", "", "run " + run.runId(), passed, failed, skipped, total, cached,
                    styles.get("header"));
            Files.createDirectories(outDir);
            Path out = outDir.resolve(FileNames.safe(run.runId()) + ".xlsx");
            Path tmp = dev.orchestrator.context.internal.TempFiles.createBeside(outDir, ".excel", ".xlsx.tmp");
            try {
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    workbook.write(os);
                }
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Excel report of run " + run.runId() + " to " + outDir, e);
        } finally {
            close();
        }
    }

    private void close() {
        try {
            workbook.close(); // also deletes the streaming temp files (POI 5: dispose() is folded into close())
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workbook = null;
        }
    }

    private RecipeTally tally(Recipe recipe) {
        return tallies.computeIfAbsent(recipe.testId(), id -> new RecipeTally(recipe));
    }

    private void stepRow(String recipe, RecipeTally.Entry e) {
        ResourceUsage u = e.usage().orElse(null);
        Step step = e.step();
        Row row = rows.row(ExcelTemplate.STEPS, recipe, step.idx(), step.name(), step.type().yamlName(),
                e.status().name().toLowerCase(Locale.ROOT),
                e.outcome() instanceof StepOutcome.Finished f ? f.ran().attempts() : 0,
                u == null ? null : u.wall().toNanos() / 1e6,
                u == null ? null : u.cpu().toNanos() / 1e6,
                u == null ? null : mib(u.peakMemoryBytes()),
                u == null ? null : mib(u.allocatedBytes()),
                e.reason(),
                e.cachedFrom().orElse(null));
        // the template has no style of its own for aborted: it looks like skipped (it neither passed nor failed)
        String style = switch (e.status()) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case SKIPPED, ABORTED -> "skipped";
        };
        row.getCell(4).setCellStyle(styles.get(style));
        for (int i = 6; i <= 9; i++) {
            row.getCell(i).setCellStyle(styles.get("number"));
        }
    }
    private static Double mib(long bytes) {
        return bytes < 0 ? null : bytes / (1024.0 * 1024.0);
    }

    private static String json(JsonNode node) {
        return node == null || node.isMissingNode() ? "" : node.isTextual() ? node.asText() : ContextJson.compact(node);
    }

    static String limit(String text) {
        return text.length() <= CELL_LIMIT ? text : text.substring(0, CELL_LIMIT - 1) + "…";
    }
}
