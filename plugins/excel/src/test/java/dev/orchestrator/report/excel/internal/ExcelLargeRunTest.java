package dev.orchestrator.report.excel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import dev.orchestrator.report.ReportFixtures;

import dev.orchestrator.context.Context;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.testing.Workspace;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Excel report streams: a run with 100 000 ctx changes is written in bounded time and heap. */
class ExcelLargeRunTest {

    static final int CHANGES = 100_000;

    @TempDir
    Path dir;

    @Test
    void writesAHundredThousandHistoryRows() throws Exception {
        Workspace ws = new Workspace(dir);
        Recipe recipe = ReportFixtures.load(ws, "big.yaml", ReportFixtures.large("big", 10));
        Context ctx = Context.create("big", "big-run");
        Context step = ctx.actingAs("step_1", "Put");
        for (int i = 0; i < CHANGES; i++) {
            step.set("counter", i);
        }
        System.gc();
        long baseline = heapUsed();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

        long start = System.nanoTime();
        ExcelWriter writer = new ExcelWriter(dir.resolve("templates/none.xlsx"), dir.resolve("reports/excel"));
        RunInfo run = new RunInfo("big-run", dir, Instant.now());
        writer.runStarted(run);
        writer.recipeStarted(recipe, ctx);
        writer.recipeFinished(recipe, ctx);
        writer.runFinished(run);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = heapPeak();
        Path file = dir.resolve("reports/excel/big-run.xlsx");
        System.out.printf("[excel-100k] %d history rows: %d ms, heap peak %.1f MiB over a %.1f MiB baseline "
                        + "(ctx with its history included), file %.1f MiB%n", CHANGES, millis,
                (peak - baseline) / 1048576.0, baseline / 1048576.0, Files.size(file) / 1048576.0);

        assertThat(millis).isLessThan(60_000);
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet history = wb.getSheet("History");
            // header + the runner's test_meta? no: this ctx was made by hand, so exactly the step's changes
            assertThat(history.getLastRowNum()).isEqualTo(CHANGES);
            assertThat(history.getRow(CHANGES).getCell(5).getStringCellValue()).isEqualTo(Integer.toString(CHANGES - 1));
            assertThat(wb.getSheet("Context").getRow(1).getCell(2).getStringCellValue()).isEqualTo(Integer.toString(CHANGES - 1));
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound of the peak of the sum). */
    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
