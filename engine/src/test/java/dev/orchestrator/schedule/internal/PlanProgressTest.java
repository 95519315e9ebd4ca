package dev.orchestrator.schedule.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.event.StepStatus;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.testing.Steps;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why a step whose dependencies ended is skipped: the first dependency (in order) that did not pass. */
class PlanProgressTest {

    private final Step step = Steps.step("c").dependsOn("a", "b").build();

    @Test
    void aStepWhoseDependenciesPassedMayRun() {
        assertThat(PlanProgress.blockedBy(step, Map.of("a", StepStatus.PASSED, "b", StepStatus.PASSED))).isNull();
        assertThat(PlanProgress.blockedBy(step, Map.of())).as("left out of the run: satisfied").isNull();
    }

    @Test
    void anAbortedDependencySkipsTheStepLikeAFailedOne() {
        assertThat(PlanProgress.blockedBy(step, Map.of("a", StepStatus.PASSED, "b", StepStatus.ABORTED)))
                .isEqualTo("dependency b was aborted");
        assertThat(PlanProgress.blockedBy(step, Map.of("a", StepStatus.FAILED, "b", StepStatus.ABORTED)))
                .isEqualTo("dependency a failed");
        assertThat(PlanProgress.blockedBy(step, Map.of("a", StepStatus.SKIPPED, "b", StepStatus.FAILED)))
                .isEqualTo("dependency a was skipped");
    }
}
