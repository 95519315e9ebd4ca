package dev.orchestrator.report;

import dev.orchestrator.context.Context;
import dev.orchestrator.execution.CompositeRunListener;
import dev.orchestrator.execution.RunInfo;
import dev.orchestrator.execution.RunListener;
import dev.orchestrator.execution.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The reports of a run (docs/reports.md): Allure results, the run database, the Excel workbook and the step graph,
 * each fed by the same {@link RunListener} events and each isolated from the others' failures.
 *
 * <p>Nothing is opened (no database, no POI, no AWT) until {@code runStarted}: a launch that only discovers
 * tests pays nothing.
 */
public final class Reports {

    private Reports() {
    }

    /**
     * The report listener of one engine execution. Its writers are created at {@code runStarted} from
     * {@code settings}, which the engine parses and checks at discovery from its configuration parameters
     * ({@code junit-platform.properties}, {@code -D}, Surefire settings all work).
     */
    public static RunListener forRun(ReportSettings settings, Masker masker) {
        return new Lazy(() -> settings, masker, settings::databaseRaw);
    }

    /**
     * As above, with the run database at {@code databaseUrl} (SQLite or PostgreSQL, credentials from the
     * environment; empty: {@code Data/orchestrator.db}) and the rows of a sharded run written as {@code shard}'s
     * (docs/shards-and-databases.md).
     */
    public static RunListener forRun(ReportSettings settings, Masker masker, java.util.Optional<String> databaseUrl,
                                     java.util.Optional<dev.orchestrator.schedule.Shard> shard) {
        Lazy lazy = new Lazy(() -> settings, masker, settings::databaseRaw);
        lazy.databaseUrl = databaseUrl;
        lazy.shard = shard;
        return lazy;
    }

    /** For tests: settings read from {@link ReportKeys} in {@code properties}, unchecked. */
    static RunListener forRun(java.nio.file.Path workspace, Properties properties) {
        return forRun(workspace, properties, Masker.create());
    }

    static RunListener forRun(java.nio.file.Path workspace, Properties properties, Masker masker) {
        ReportSettings settings = ReportSettings.from(workspace, properties);
        return new Lazy(() -> settings, masker, settings::databaseRaw);
    }

    /** {@link ReportKeys#DATABASE_SECRETS}: {@code masked} (default) or {@code raw}. */
    static boolean databaseRaw(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.isEmpty() || v.equals("masked")) {
            return false;
        }
        if (v.equals("raw")) {
            return true;
        }
        throw new IllegalArgumentException(ReportKeys.DATABASE_SECRETS + ": expected masked or raw, found '" + value + "'");
    }

    /**
     * Every enabled writer, each isolated ({@link IsolatingListener}) and on its own thread
     * ({@link BackgroundListener}).
     */
    static List<RunListener> writers(ReportSettings settings, ReportLog log) {
        return writers(settings, log, Masker.create(), false);
    }

    /** As above; {@code masker} hides secrets in every report, the database's ctx values unless {@code databaseRaw}. */
    static List<RunListener> writers(ReportSettings settings, ReportLog log, Masker masker, boolean databaseRaw) {
        return writers(settings, log, masker, databaseRaw, DatabaseTarget.sqlite(settings.database()),
                java.util.Optional.empty());
    }

    static List<RunListener> writers(ReportSettings settings, ReportLog log, Masker masker, boolean databaseRaw,
                                     DatabaseTarget database, java.util.Optional<dev.orchestrator.schedule.Shard> shard) {
        List<RunListener> writers = new ArrayList<>();
        RecipeGraphs graphs = new RecipeGraphs();
        if (settings.isEnabled("database")) {
            writers.add(background("database", new DatabaseWriter(database, shard, masker, databaseRaw), log));
        }
        if (settings.isEnabled("allure")) {
            writers.add(background("allure", new AllureWriter(settings, graphs, masker), log));
        }
        if (settings.isEnabled("excel")) {
            // shards of one run in one workspace would overwrite each other's <run_id>.xlsx: one folder per shard
            Path excelDir = shard.map(k -> settings.excelDir().resolve("shard-" + k.index() + "-of-" + k.count()))
                    .orElse(settings.excelDir());
            writers.add(background("excel", new ExcelWriter(settings.excelTemplate(), excelDir, masker), log));
        }
        if (settings.isEnabled("graph")) {
            writers.add(background("graph", new GraphWriter(settings.graphDir(), settings.assets(), graphs), log));
        }
        return writers;
    }

    private static RunListener background(String name, RunListener writer, ReportLog log) {
        return new BackgroundListener(name, new IsolatingListener(name, writer, log), log);
    }

    /** Builds the writers at {@code runStarted}; before that every event is ignored. */
    private static final class Lazy implements RunListener {
        private final java.util.function.Supplier<ReportSettings> settings;
        private final Masker masker;
        private final java.util.function.BooleanSupplier databaseRaw;
        private java.util.Optional<String> databaseUrl = java.util.Optional.empty();
        private java.util.Optional<dev.orchestrator.schedule.Shard> shard = java.util.Optional.empty();
        private volatile RunListener writers = new RunListener() {
        };

        Lazy(java.util.function.Supplier<ReportSettings> settings, Masker masker,
             java.util.function.BooleanSupplier databaseRaw) {
            this.settings = settings;
            this.masker = masker;
            this.databaseRaw = databaseRaw;
        }

        @Override
        public void runStarted(RunInfo run) {
            RunListener built;
            try {
                ReportSettings resolved = settings.get();
                LibraryLogging.quietSlf4j(); // Allure and sqlite-jdbc log through SLF4J
                LibraryLogging.quietLog4j(); // POI logs through the Log4j API
                built = new CompositeRunListener(writers(resolved, ReportLog.forWorkspace(resolved.workspace()), masker,
                        databaseRaw.getAsBoolean(),
                        DatabaseTarget.of(resolved.workspace(), databaseUrl, System.getenv()), shard));
            } catch (RuntimeException | LinkageError e) {
                new ReportLog(null).warn("reports are off for run " + run.runId(), e);
                return;
            }
            writers = built;
            built.runStarted(run);
        }

        @Override
        public void runFinished(RunInfo run) {
            writers.runFinished(run);
        }

        @Override
        public void recipeStarted(Recipe recipe, Context ctx) {
            writers.recipeStarted(recipe, ctx);
        }

        @Override
        public void stepStarted(Recipe recipe, Step step) {
            writers.stepStarted(recipe, step);
        }

        @Override
        public void stepFinished(Recipe recipe, Step step, StepOutcome outcome) {
            writers.stepFinished(recipe, step, outcome);
        }

        @Override
        public void stepSkipped(Recipe recipe, Step step, String reason) {
            writers.stepSkipped(recipe, step, reason);
        }

        @Override
        public void stepWarning(Recipe recipe, Step step, String warning) {
            writers.stepWarning(recipe, step, warning);
        }

        @Override
        public void recipeFinished(Recipe recipe, Context ctx) {
            writers.recipeFinished(recipe, ctx);
        }
    }
}
