package dev.orchestrator.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small value types of a {@link Step}: what runs, when, within which limits. */
class StepValuesTest {

    private static Step step(Step.Target target, Step.Limits limits) {
        return new Step(1, "a", target, Step.Scheduling.NONE, limits, Success.NONE, null, Position.START);
    }

    @Test
    void theScriptletIdNamesWhatRunsForEachType() {
        assertThat(Step.Target.java("x.Y", null).scriptletId()).isEqualTo("x.Y");
        assertThat(new Step.Target(StepType.PYTHON, null, "steps.m", "run", null, null, null, null).scriptletId())
                .isEqualTo("steps.m:run");
        assertThat(new Step.Target(StepType.SHELL, "scriptlets/shell/a.sh", null, null, null, null, null, null)
                .scriptletId()).isEqualTo("scriptlets/shell/a.sh");
    }

    @Test
    void absentArgsParamsAndEnvAreEmpty() {
        Step.Target target = Step.Target.java("x.Y", null);
        assertThat(target.args().isEmpty()).isTrue();
        assertThat(target.params().isEmpty()).isTrue();
        assertThat(target.env()).isEmpty();
    }

    @Test
    void onlyAJavaStepWithoutRequiresProcessRunsInProcess() {
        Step.Limits child = new Step.Limits(null, 0, null, true, true, List.of());
        assertThat(step(Step.Target.java("x.Y", null), Step.Limits.NONE).runsInProcess()).isTrue();
        assertThat(step(Step.Target.java("x.Y", null), child).runsInProcess()).isFalse();
        Step.Target shell = new Step.Target(StepType.SHELL, "a.sh", null, null, null, null, null, null);
        assertThat(step(shell, Step.Limits.NONE).runsInProcess()).isFalse();
    }

    @Test
    void limitsCountTheFirstAttemptAndRefuseNegativeRetries() {
        assertThat(Step.Limits.NONE.maxAttempts()).isEqualTo(1);
        assertThat(new Step.Limits(null, 3, Duration.ofMillis(5), false, true, List.of()).maxAttempts()).isEqualTo(4);
        assertThat(new Step.Limits(null, 0, null, false, true, List.of()).retryDelay()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> new Step.Limits(null, -1, null, false, true, List.of()));
    }

    @Test
    void withDependsOnChangesOnlyTheDependencies() {
        Step.Target target = new Step.Target(StepType.JAVA, null, null, null, "x.Y", null,
                JsonNodeFactory.instance.objectNode().put("k", 1), Map.of("LANG", "C"));
        Step.Scheduling scheduling = new Step.Scheduling(List.of(), "enabled", 2, List.of("slow"));
        Step before = new Step(3, "b", target, scheduling, Step.Limits.NONE, Success.NONE, "text", Position.START);
        List<String> deps = new ArrayList<>(List.of("a"));
        Step after = before.withDependsOn(deps);
        deps.add("c");

        assertThat(after.scheduling().dependsOn()).containsExactly("a");
        assertThat(after.scheduling()).isEqualTo(new Step.Scheduling(List.of("a"), "enabled", 2, List.of("slow")));
        assertThat(after).isEqualTo(new Step(3, "b", target, after.scheduling(), Step.Limits.NONE, Success.NONE, "text",
                Position.START));
    }
}
