package dev.orchestrator.report.internal;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.report.ReportContext;
import dev.orchestrator.report.ReportPlugin;

/** The built-in {@code graph} report: each recipe's step graph, PNG and DOT (docs/reports.md). */
final class GraphReport implements ReportPlugin {

    static final String NAME = "graph";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Subscriber<RunEvent> start(ReportContext context) {
        return new GraphWriter(context.settings().graphDir(), context.settings().assets(), context.graphs());
    }
}
