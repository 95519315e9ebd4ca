package dev.orchestrator.junit;

import dev.orchestrator.execution.RunListener;
import dev.orchestrator.execution.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.StepStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;

/** Turns run events of one recipe into JUnit events on its step descriptors. */
final class JUnitRunListener implements RunListener {

    private final EngineExecutionListener junit;
    private final Map<String, StepDescriptor> steps = new LinkedHashMap<>();

    JUnitRunListener(EngineExecutionListener junit, RecipeDescriptor recipe) {
        this.junit = junit;
        recipe.getChildren().forEach(child -> {
            StepDescriptor step = (StepDescriptor) child;
            steps.put(step.step().name(), step);
        });
    }

    @Override
    public void stepStarted(Recipe recipe, Step step) {
        descriptor(step).ifPresent(junit::executionStarted);
    }

    @Override
    public void stepFinished(Recipe recipe, Step step, StepOutcome outcome) {
        descriptor(step).ifPresent(d -> {
            Map<String, String> entry = new LinkedHashMap<>();
            outcome.logFile().ifPresent(log -> entry.put("log", log.toString()));
            entry.put("attempts", String.valueOf(outcome.attempts()));
            entry.put("resources", outcome.usage().describe());
            junit.reportingEntryPublished(d, ReportEntry.from(entry));
            junit.executionFinished(d, outcome.status() == StepStatus.PASSED
                    ? TestExecutionResult.successful()
                    : TestExecutionResult.failed(outcome.failure()));
        });
    }

    @Override
    public void stepWarning(Recipe recipe, Step step, String warning) {
        descriptor(step).ifPresent(d -> junit.reportingEntryPublished(d, ReportEntry.from("warning", warning)));
    }

    @Override
    public void stepSkipped(Recipe recipe, Step step, String reason) {
        descriptor(step).ifPresent(d -> junit.executionSkipped(d, reason));
    }

    private Optional<StepDescriptor> descriptor(Step step) {
        return Optional.ofNullable(steps.get(step.name()));
    }
}
