package dev.orchestrator.report.allure.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.report.ReportContext;
import dev.orchestrator.report.ReportPlugin;
import org.apiguardian.api.API;

/**
 * The {@code allure} report: one Allure 2 result per step in the Allure results folder (docs/reports.md);
 * {@code allure:path} in {@code orchestrator.reports} chooses the folder.
 */
@API(status = INTERNAL)
public final class AllureReport implements ReportPlugin {

    @Override
    public String name() {
        return "allure";
    }

    @Override
    public Subscriber<RunEvent> start(ReportContext context) {
        return new AllureWriter(context.settings(), context.graphs(), context.masker());
    }
}
