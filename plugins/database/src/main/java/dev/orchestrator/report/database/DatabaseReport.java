package dev.orchestrator.report.database;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.execution.RunEvent;
import dev.orchestrator.report.ReportContext;
import dev.orchestrator.report.ReportPlugin;
import org.apiguardian.api.API;

/**
 * The {@code database} report: runs, recipes, steps and ctx changes in the run database
 * {@code Data/orchestrator.db} (docs/reports.md), which the monitor and the CLI read with {@link RunReader};
 * {@code database:path} in {@code orchestrator.reports} chooses another file.
 */
@API(status = INTERNAL)
public final class DatabaseReport implements ReportPlugin {

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Subscriber<RunEvent> start(ReportContext context) {
        return new DatabaseWriter(context.settings().database(), context.masker(), context.settings().databaseRaw());
    }
}
