package dev.orchestrator.cli.internal;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.report.database.internal.DatabaseTarget;
import dev.orchestrator.report.database.internal.RunReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code history --database URL}: the ctx changes of a recipe's last run as the run database recorded them (the
 * values masked as in every report), for runs whose ctx journals are on other machines, such as the shards of a
 * run sharing a PostgreSQL database (docs/shards-and-databases.md).
 */
final class DatabaseHistoryPrinter {

    private DatabaseHistoryPrinter() {
    }

    static int print(Path workspace, String url, String recipe, String key, boolean json, PrintWriter out) {
        DatabaseTarget target;
        try {
            target = DatabaseTarget.of(workspace, Optional.of(url), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--database must be a jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DB URL");
        }
        try (RunReader reader = RunReader.of(target)) {
            List<RunReader.RunRow> last = reader.runs(new RunReader.RunFilter(recipe, null, null, null, null), 0, 1)
                    .runs();
            if (last.isEmpty()) {
                throw new UsageException("no run of recipe '" + recipe + "' in the run database " + target);
            }
            String runId = last.get(0).runId();
            List<ChangeRecord> records = reader.changes(runId, recipe).stream()
                    .filter(c -> key == null || key.equals(c.key()))
                    .map(c -> new ChangeRecord(c.key(), ChangeRecord.Op.valueOf(c.op().toUpperCase(Locale.ROOT)),
                            c.old(), c.value(), c.who(), c.what(), Instant.parse(c.when()), c.recipe(), c.runId()))
                    .toList();
            if (json) {
                out.println(ContextJson.historyToJson(records));
                return ExitCodes.OK;
            }
            // how that run of the recipe ended: interrupted when the process (shard) running it died
            String status = reader.recipes(runId).stream().filter(r -> r.recipe().equals(recipe))
                    .map(r -> r.status() == null ? "running" : r.status()).findFirst().orElse("running");
            out.printf("recipe %s, run %s (%s), from the run database%n", recipe, runId, status);
            if (records.isEmpty()) {
                out.println(key == null ? "no ctx changes" : "no changes of key '" + key + "'");
                return ExitCodes.OK;
            }
            HistoryCommand.printTable(records, out);
            return ExitCodes.OK;
        } catch (SQLException e) {
            throw new UsageException("cannot read the run database " + target + " (" + e.getMessage() + ")");
        }
    }
}
