package dev.orchestrator.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.event.StepStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The four kinds of {@link StepOutcome}: their status, reason and what a finished one carries. */
class StepOutcomeKindsTest {

    private static final StepOutcome.Ran RAN = StepOutcome.Ran.of(ResourceUsage.NONE, 2, Path.of("Logs/a.log"));

    @Test
    void eachKindHasItsStatusAndReason() {
        assertThat(new StepOutcome.Passed(TextNode.valueOf("ok"), RAN).status()).isEqualTo(StepStatus.PASSED);
        assertThat(new StepOutcome.Passed(null, RAN).reason()).isEmpty();
        StepOutcome failed = new StepOutcome.Failed(new IllegalStateException("disk on fire"), RAN);
        assertThat(failed.status()).isEqualTo(StepStatus.FAILED);
        assertThat(failed.reason()).contains("disk on fire");
        StepOutcome aborted = new StepOutcome.Aborted(new TestAbortedException("no data today"), RAN);
        assertThat(aborted.status()).isEqualTo(StepStatus.ABORTED);
        assertThat(aborted.reason()).contains("no data today");
        StepOutcome skipped = StepOutcome.skipped("dependency a failed");
        assertThat(skipped.status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(skipped.reason()).contains("dependency a failed");
        assertThat(StepOutcome.skipped(null).reason()).contains("");
    }

    @Test
    void onlyASkippedStepDidNotRun() {
        assertThat(List.of(StepStatus.values())).filteredOn(s -> !s.ran()).containsExactly(StepStatus.SKIPPED);
    }

    @Test
    void aFailedOrAbortedOutcomeNeedsItsCauseAndEveryFinishedOneItsRun() {
        assertThatNullPointerException().isThrownBy(() -> new StepOutcome.Failed(null, RAN)).withMessage("failure");
        assertThatNullPointerException().isThrownBy(() -> new StepOutcome.Aborted(null, RAN)).withMessage("cause");
        assertThatNullPointerException().isThrownBy(() -> new StepOutcome.Passed(null, null)).withMessage("ran");
    }

    @Test
    void stampingKeepsTheKindAndItsFieldsAndCopiesTheChanges() {
        TestAbortedException cause = new TestAbortedException("later");
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        List<ChangeRecord> changes = new ArrayList<>(List.of(new ChangeRecord("k", ChangeRecord.Op.SET, null,
                TextNode.valueOf("v"), "a", "x", start, "r", "run")));
        StepOutcome.Finished stamped = new StepOutcome.Aborted(cause, RAN)
                .with(RAN.stamped(changes, start, start.plusMillis(1500)));
        changes.clear();

        assertThat(stamped).isInstanceOf(StepOutcome.Aborted.class);
        assertThat(((StepOutcome.Aborted) stamped).cause()).isSameAs(cause);
        assertThat(stamped.ran().attempts()).isEqualTo(2);
        assertThat(stamped.ran().changes()).hasSize(1);
        assertThat(stamped.ran().duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(RAN.duration()).as("not stamped").isZero();
        assertThat(RAN.logFile()).contains(Path.of("Logs/a.log"));
    }

    @Test
    void abortsAreRecognisedByTheOpentest4jClassNameOrExitCode77() {
        assertThat(Failures.isAborted(new TestAbortedException("assumption"))).isTrue();
        assertThat(Failures.isAborted(new org.opentest4j.TestAbortedException() { })).as("a subclass").isTrue();
        assertThat(Failures.isAborted(new StepAbortedException("aborted: exited with code 77"))).isTrue();
        assertThat(Failures.isAborted(new StepFailedException("exited with code 1"))).isFalse();
        assertThat(Failures.isAborted(new org.opentest4j.TestSkippedException("skipped"))).isFalse();
        assertThat(Failures.isAborted(new AssertionError("no"))).isFalse();
    }
}
