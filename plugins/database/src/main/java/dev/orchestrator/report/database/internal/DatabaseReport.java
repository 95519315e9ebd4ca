package dev.orchestrator.report.database.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.report.ReportContext;
import dev.orchestrator.report.ReportPlugin;
import dev.orchestrator.report.ReportSettings;
import dev.orchestrator.schedule.internal.Shard;
import java.util.Optional;
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
        ReportSettings settings = context.settings();
        // database:path chooses the SQLite file; orchestrator.database.url (and its PostgreSQL credentials from the
        // environment) wins over both
        DatabaseTarget target = settings.databaseUrl() != null
                ? DatabaseTarget.of(settings.workspace(), Optional.of(settings.databaseUrl()), System.getenv())
                : DatabaseTarget.sqlite(settings.database());
        return new DatabaseWriter(target, settings.shard() == null ? Optional.empty() : Shard.parse(settings.shard()), context.masker(), settings.databaseRaw());
    }
}
