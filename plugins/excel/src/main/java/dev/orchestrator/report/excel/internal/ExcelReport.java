package dev.orchestrator.report.excel.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.report.ReportContext;
import dev.orchestrator.report.ReportPlugin;
import org.apiguardian.api.API;

/**
 * The {@code excel} report: one workbook per run, {@code reports/excel/<run_id>.xlsx}, from
 * {@code templates/report_template.xlsx} when the workspace has one (docs/reports.md); {@code excel:path} in
 * {@code orchestrator.reports} chooses the folder.
 */
@API(status = INTERNAL)
public final class ExcelReport implements ReportPlugin {

    @Override
    public String name() {
        return "excel";
    }

    @Override
    public Subscriber<RunEvent> start(ReportContext context) {
        // shards of one run in one workspace would overwrite each other's <run_id>.xlsx: one folder per shard
        java.nio.file.Path dir = context.settings().shard() == null ? context.settings().excelDir()
                : context.settings().excelDir().resolve("shard-" + context.settings().shard().trim().replace('/', '-')
                        .replace("-", "-of-"));
        return new ExcelWriter(context.settings().workspace().resolve("templates").resolve(ExcelTemplate.FILE_NAME),
                dir, context.masker());
    }
}
