package dev.orchestrator.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.RunEvent;
import org.apiguardian.api.API;

/**
 * A report a run can write, chosen by {@link #name()} with {@link ReportKeys#REPORTS} (docs/reports.md), as
 * Cucumber chooses its plugins with {@code cucumber.plugin}. The engine finds plugins with
 * {@link java.util.ServiceLoader}: a plugin's jar lists its class in
 * {@code META-INF/services/dev.orchestrator.report.ReportPlugin}, and the class has a public no-argument
 * constructor. Until a run starts only {@link #name()} is called, so a plugin on the class path costs a
 * launch that discovers tests nothing but loading its class; its libraries load when it {@link #start}s.
 */
@API(status = EXPERIMENTAL)
public interface ReportPlugin {

    /**
     * The name {@link ReportKeys#REPORTS} selects this report by, such as {@code allure}: lower case letters,
     * digits and {@code -}; never null, never {@code none}, and the same on every call.
     */
    String name();

    /**
     * Starts this report for one run: returns the subscriber that writes it, which then receives the run events it
     * subscribes to, from {@code RunStarted} to {@code RunFinished}. The engine calls it at the start of a run (never at
     * discovery) and hands the subscriber its events on a thread of its own; an exception from here or from the
     * subscriber turns this report off for the run with a warning in {@code Logs/orchestrator.log}, and never
     * fails a step or another report.
     *
     * @param context the run's report settings, this report's output location (if the key gave one), the
     *                masker every text written must go through, and the graphs shared between reports
     * @return the subscriber writing this report; never null
     */
    Subscriber<RunEvent> start(ReportContext context);
}
