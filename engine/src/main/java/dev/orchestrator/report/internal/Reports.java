package dev.orchestrator.report.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.internal.Delivery;
import dev.orchestrator.event.internal.EventBus;
import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.execution.internal.RunnerLog;
import dev.orchestrator.report.RecipeGraphs;
import dev.orchestrator.report.ReportContext;
import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.report.ReportPlugin;
import dev.orchestrator.report.ReportSettings;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * The reports of a run (docs/reports.md): the built-in step graph and the {@link ReportPlugin}s chosen with
 * {@link ReportKeys#REPORTS} (Allure results, the run database, the Excel workbook), each subscribed to the run's
 * {@link RunEvent}s on its own thread and isolated from the others' failures ({@link Delivery#background}).
 *
 * <p>Nothing is opened (no database, no POI, no AWT) until the run starts: a launch that only discovers
 * tests pays nothing.
 */
@API(status = INTERNAL)
public final class Reports {

    private Reports() {
    }

    /**
     * Subscribes the reports of one engine execution to {@code bus}, just before it publishes
     * {@link RunEvent.RunStarted}. The writers are made from {@code settings}, which the engine parses and checks at
     * discovery from its configuration parameters ({@code junit-platform.properties}, {@code -D}, Surefire settings
     * all work); when they cannot be made (a missing library), the run goes on without reports and says so.
     */
    public static void subscribe(EventBus<RunEvent> bus, RunInfo run, ReportSettings settings, Masker masker) {
        Map<String, Subscriber<RunEvent>> writers;
        RunnerLog log;
        try {
            LibraryLogging.quietSlf4j(); // Allure and sqlite-jdbc log through SLF4J
            LibraryLogging.quietLog4j(); // POI logs through the Log4j API
            log = RunnerLog.forWorkspace(settings.workspace(), masker);
            writers = writers(settings, masker, settings.databaseRaw(), log);
        } catch (RuntimeException | LinkageError e) {
            RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, masker.mask("reports are off for run " + run.runId() + ": " + e), e);
            return;
        }
        writers.forEach((name, writer) -> bus.register(name + " report", Delivery.background(log::warn), writer));
    }

    /** For tests: settings read from {@link ReportKeys} in {@code properties}, unchecked. */
    static void subscribe(EventBus<RunEvent> bus, RunInfo run, Path workspace, Properties properties) {
        subscribe(bus, run, ReportSettings.from(workspace, properties), Masker.create());
    }

    /** {@link ReportKeys#DATABASE_SECRETS}: {@code masked} (default) or {@code raw}. */
    public static boolean databaseRaw(String value) {
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
     * Every enabled writer by name; {@code masker} hides secrets in every report, the database's ctx values unless
     * {@code databaseRaw}. Each enabled report is started from the plugins on the engine's class path or the
     * thread's context class loader ({@link ReportPlugins}); one that fails to start is left out with a warning.
     */
    static Map<String, Subscriber<RunEvent>> writers(ReportSettings settings, Masker masker, boolean databaseRaw) {
        return writers(settings, masker, databaseRaw, RunnerLog.forWorkspace(settings.workspace(), masker));
    }

    private static Map<String, Subscriber<RunEvent>> writers(ReportSettings settings, Masker masker,
                                                             boolean databaseRaw, RunnerLog log) {
        ReportSettings resolved = databaseRaw == settings.databaseRaw() ? settings
                : new ReportSettings(settings.workspace(), settings.allureResultsDir(), settings.project(),
                        settings.enabled(), settings.allureClean(), databaseRaw, settings.outputs(), settings.shard(),
                        settings.databaseUrl());
        ReportPlugins plugins = ReportPlugins.on(Thread.currentThread().getContextClassLoader());
        ReportPlugins own = ReportPlugins.on(Reports.class.getClassLoader());
        Map<String, Subscriber<RunEvent>> writers = new LinkedHashMap<>();
        RecipeGraphs graphs = new RecipeGraphs();
        for (String name : new TreeSet<>(resolved.enabled())) {
            Optional<ReportPlugin> plugin = plugins.get(name).or(() -> own.get(name));
            if (plugin.isEmpty()) {
                log.warn("the report " + name + " is not on the class path; it is not written", null);
                continue;
            }
            try {
                writers.put(name, plugin.get().start(new ReportContext(resolved,
                        Optional.ofNullable(resolved.outputs().get(name)), masker, graphs)));
            } catch (RuntimeException | LinkageError e) {
                log.warn("the report " + name + " cannot start; it is not written", e);
            }
        }
        return writers;
    }
}
