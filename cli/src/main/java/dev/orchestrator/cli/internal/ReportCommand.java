package dev.orchestrator.cli.internal;

import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.report.database.internal.DatabaseTarget;
import dev.orchestrator.report.database.internal.RunReader;
import dev.orchestrator.report.excel.internal.RunWorkbook;
import dev.orchestrator.report.internal.GraphDot;
import dev.orchestrator.report.internal.GraphFiles;
import dev.orchestrator.report.internal.GraphImage;
import dev.orchestrator.event.StepStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator report --run ID}: the Excel workbook and the step graphs of a whole run, built from the run
 * database after the run, with every recipe recorded under that run id whichever process wrote it (the shards of a
 * run share its id; see docs/scale-out.md).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the Excel workbook (reports/excel/ID.xlsx) and the step graphs (reports/graphs/"
                + "TEST_ID.png and .dot) of run ID from the run database: every recipe of that run, whichever "
                + "process (shard) recorded it.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run id.")
    String runId;

    @Option(names = "--database", paramLabel = "FILE|URL",
            description = "A run database: a SQLite file relative to the workspace, or a jdbc:sqlite:FILE or "
                    + "jdbc:postgresql://HOST[:PORT]/DB URL (credentials from ORCH_DATABASE_USER/ORCH_DATABASE_PASSWORD "
                    + "or PGUSER/PGPASSWORD); default: Data/orchestrator.db. Repeat it to join the databases of shards "
                    + "that each recorded part of the run on their own machine.")
    List<String> databases = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = workspace.root();
        List<RunReader> readers = new ArrayList<>();
        try {
            for (String database : databases.isEmpty() ? List.of("Data/orchestrator.db") : databases) {
                readers.add(reader(root, database));
            }
            return report(root, readers, out, err);
        } catch (SQLException e) {
            throw new UsageException("cannot read the run database (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage() + " (" + Main.describe(e.getCause()) + ")");
        } finally {
            for (RunReader reader : readers) {
                try {
                    reader.close();
                } catch (SQLException e) {
                    err.println("warning: cannot close the run database (" + e.getMessage() + ")");
                }
            }
        }
    }

    /** A SQLite file (which must exist) or a JDBC URL, as {@code orchestrator.database.url} names one. */
    private static RunReader reader(Path root, String database) {
        if (database.startsWith("jdbc:")) {
            try {
                return RunReader.of(DatabaseTarget.of(root, Optional.of(database), System.getenv()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--database must be a SQLite file or a jdbc:sqlite:FILE or "
                        + "jdbc:postgresql://HOST[:PORT]/DB URL");
            }
        }
        Path file = root.resolve(database).normalize();
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no run database at " + file);
        }
        return RunReader.of(file);
    }

    private int report(Path root, List<RunReader> readers, PrintWriter out, PrintWriter err) throws SQLException {
        int recipes = 0;
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (RunReader reader : readers) {
            Optional<RunReader.RunRow> run = reader.run(runId);
            if (run.isPresent()) {
                recipes += reader.recipes(runId).size();
                passed += run.get().passed();
                failed += run.get().failed();
                skipped += run.get().skipped();
                if ("running".equals(run.get().status())) {
                    err.println("warning: run " + runId + " is still running in " + where(root, reader)
                            + ": the report shows what was recorded so far");
                } else if ("interrupted".equals(run.get().status())) {
                    err.println("warning: run " + runId + " was interrupted in " + where(root, reader)
                            + ": a process (shard) running part of it died; its unfinished recipes are marked "
                            + "interrupted and recipes it never started are missing");
                }
            }
        }
        if (recipes == 0) {
            throw new UsageException("no run '" + runId + "' with recipes in " + readers.stream()
                    .map(r -> where(root, r)).collect(Collectors.joining(", ")));
        }
        Path workbook = RunWorkbook.write(readers, runId, root.resolve("templates/report_template.xlsx"),
                root.resolve("reports/excel"));
        out.println("wrote " + root.relativize(workbook) + " (" + Counts.of(recipes, "recipe") + ")");
        int drawn = 0;
        for (RunReader reader : readers) {
            for (RunReader.RecipeRow recipe : reader.recipes(runId)) {
                drawn += graph(root, reader, recipe, out, err) ? 1 : 0;
            }
        }
        out.println("run " + runId + ": " + passed + " passed, " + failed + " failed, " + skipped + " skipped in "
                + Counts.of(recipes, "recipe") + "; " + Counts.of(drawn, "graph"));
        return ExitCodes.OK;
    }

    /** The SQLite file relative to the workspace, or the database URL (password masked). */
    private static String where(Path root, RunReader reader) {
        return reader.file() == null ? reader.display() : root.relativize(reader.file()).toString();
    }

    /** Draws one recipe of the run, as recorded, over its recipe file; false (with a warning) when it cannot. */
    private boolean graph(Path root, RunReader reader, RunReader.RecipeRow row, PrintWriter out, PrintWriter err)
            throws SQLException {
        Optional<Path> file = recipeFile(root, row.source());
        Optional<Recipe> recipe = load(root, file, row.source());
        if (file.isEmpty() && recipe.isEmpty()) {
            err.println("warning: no step graph for " + row.recipe() + ": its recipe " + row.source() + " is not in "
                    + "the workspace (nor under src/test/resources/ or src/main/resources/)");
            return false;
        }
        if (recipe.isEmpty() || !recipe.get().testId().equals(row.recipe())) {
            err.println("warning: no step graph for " + row.recipe() + ": its recipe " + row.source()
                    + " is not a valid recipe with that test_id in " + root);
            return false;
        }
        Map<String, StepStatus> statuses = new HashMap<>();
        Map<String, Duration> durations = new HashMap<>();
        Map<String, String> cachedFrom = new HashMap<>();
        for (RunReader.StepRow step : reader.steps(runId, row.recipe())) {
            if (step.cachedFrom() != null) {
                cachedFrom.put(step.step(), step.cachedFrom());
            }
            try {
                statuses.put(step.step(), StepStatus.valueOf(step.status().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException notEnded) {
                continue; // pending or running: drawn as not run
            }
            if (step.wallMs() != null) {
                durations.put(step.step(), Duration.ofNanos((long) (step.wallMs() * 1e6)));
            }
        }
        Path dir = root.resolve("reports/graphs");
        Path png = dir.resolve(row.recipe() + ".png");
        Path dot = dir.resolve(row.recipe() + ".dot");
        try {
            Files.createDirectories(dir);
            GraphFiles.writePng(GraphImage.render(recipe.get(), statuses, durations, cachedFrom), png);
            GraphFiles.writeDot(GraphDot.of(recipe.get(), statuses, durations, cachedFrom), dot);
        } catch (IOException e) {
            throw new UsageException("cannot write " + png + " (" + Main.describe(e) + ")");
        }
        out.println("wrote " + root.relativize(png) + " and " + root.relativize(dot));
        return true;
    }

    /**
     * The file of the recipe recorded as {@code source}: workspace-relative, or (a class path name, as recorded
     * under {@code mvn test}) in a Maven project's resource folders.
     */
    private static Optional<Path> recipeFile(Path root, String source) {
        if (source == null) {
            return Optional.empty();
        }
        for (String folder : List.of("", "src/test/resources/", "src/main/resources/")) {
            Path file = root.resolve(folder + source).normalize();
            if (file.startsWith(root) && Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** The recipe in {@code file}, else the class path resource {@code source}. */
    private static Optional<Recipe> load(Path root, Optional<Path> file, String source) {
        if (source == null) {
            return Optional.empty();
        }
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        RecipeLoader loader = new RecipeLoader(root, classLoader);
        LoadResult loaded;
        if (file.isPresent()) {
            loaded = loader.load(RecipeSource.ofFile(file.get(), root));
        } else {
            URL resource = classLoader.getResource(source);
            if (resource == null) {
                return Optional.empty();
            }
            try {
                loaded = loader.load(RecipeSource.ofResource(source, resource.toURI()));
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
        return loaded instanceof LoadResult.Valid valid ? Optional.of(valid.recipe()) : Optional.empty();
    }
}
