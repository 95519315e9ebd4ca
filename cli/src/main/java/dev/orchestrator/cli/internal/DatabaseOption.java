package dev.orchestrator.cli.internal;

import dev.orchestrator.report.database.internal.DatabaseTarget;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --database URL}: the run database a command reads, as {@code orchestrator.database.url} names it
 * (docs/shards-and-databases.md). Default: SQLite in the workspace's {@code Data/orchestrator.db}.
 */
final class DatabaseOption {

    @Option(names = "--database", paramLabel = "URL",
            description = "The run database: jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DB (credentials from "
                    + "ORCH_DATABASE_USER/ORCH_DATABASE_PASSWORD or PGUSER/PGPASSWORD). Default: Data/orchestrator.db.")
    String url;

    /** The database in {@code workspace}; a URL that is neither SQLite nor PostgreSQL is a usage error. */
    DatabaseTarget target(Path workspace) {
        try {
            return DatabaseTarget.of(workspace, Optional.ofNullable(url).filter(u -> !u.isBlank()), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--database must be a jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DB URL");
        }
    }
}
