package dev.orchestrator.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.schedule.internal.Plan;
import dev.orchestrator.schedule.internal.Selection;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * {@link Constants#SELECTION_MODE}{@code =prune}: only/skip/resume-from remove the steps they leave out from
 * the test plan, so an IDE's tree and Surefire's report show only what runs. Registered with the launcher
 * through {@code META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter} (launchers load such
 * filters by default); it includes everything that is not a step of this engine, and every step in the
 * default {@code report} mode, where the engine reports left-out steps skipped instead.
 *
 * <p>Public only because the service loader needs it; not an API.
 */
@API(status = INTERNAL)
public final class OnlySkipFilter implements PostDiscoveryFilter {

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (!(descriptor instanceof StepDescriptor step)) {
            return FilterResult.included("not an orchestrator step");
        }
        Optional<OrchestratorEngineDescriptor> engine = engineOf(descriptor);
        if (engine.isEmpty() || !engine.get().selection().prune()) {
            return FilterResult.included("orchestrator.selection-mode is report");
        }
        OrchestratorConfiguration config = engine.get().configuration();
        Selection selection = new Selection(config.only(), config.skip(), config.resumeFrom());
        Plan plan = Plan.of(step.recipe(), Set.of(), selection);
        return selection.leaveOut(step.step(), plan.order())
                .map(FilterResult::excluded)
                .orElseGet(() -> FilterResult.included("selected"));
    }

    private static Optional<OrchestratorEngineDescriptor> engineOf(TestDescriptor descriptor) {
        for (Optional<TestDescriptor> at = descriptor.getParent(); at.isPresent(); at = at.get().getParent()) {
            if (at.get() instanceof OrchestratorEngineDescriptor engine) {
                return Optional.of(engine);
            }
        }
        return Optional.empty();
    }
}
