package dev.orchestrator.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.event.StepStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How one step ended: {@link Passed}, {@link Failed} or {@link Aborted} after it ran (each a {@link Finished}
 * carrying what the run left behind in a {@link Ran}), or {@link Skipped} without running.
 *
 * <p>Consumers branch on {@link #status()} (an exhaustive {@code switch} over {@link StepStatus}) and read a
 * kind's own fields with {@code instanceof} patterns.
 */
@API(status = EXPERIMENTAL)
public sealed interface StepOutcome {

    /** The status the scheduler and the reports see. */
    StepStatus status();

    /**
     * The one-line reason of a step that did not pass: the failure's or abort's message, or why it was
     * skipped; empty for a passed step. Never null.
     */
    Optional<String> reason();

    /** A skipped step's outcome. */
    static Skipped skipped(String reason) {
        return new Skipped(reason);
    }

    /** An outcome of a step that ran: passed, failed or aborted. */
    sealed interface Finished extends StepOutcome {
        /** What the run left behind. */
        Ran ran();

        /** This outcome with {@code ran} in place of its own (same kind, same own fields). */
        Finished with(Ran ran);
    }

    /**
     * What every step that ran leaves behind.
     *
     * @param usage    what the run cost (of the last attempt); {@link ResourceUsage#NONE} when not measured
     * @param attempts how many attempts ran (0 when the step could not start, e.g. an unavailable checkpoint)
     * @param log      the step's log file; null when none was written
     * @param changes  the ctx changes this step made, in order (immutable)
     * @param started  when the step started; null until {@link #stamped} (the executor does not know)
     * @param finished when the step finished; null until {@link #stamped}
     */
    record Ran(ResourceUsage usage, int attempts, Path log, List<ChangeRecord> changes, Instant started,
               Instant finished) {

        public Ran {
            Objects.requireNonNull(usage, "usage");
            changes = List.copyOf(changes);
        }

        /** A run of {@code attempts} that cost {@code usage}, with its log, not yet stamped with changes and times. */
        public static Ran of(ResourceUsage usage, int attempts, Path log) {
            return new Ran(usage, attempts, log, List.of(), null, null);
        }

        /** This run with the step's ctx changes and its start/finish times filled in. */
        public Ran stamped(List<ChangeRecord> stepChanges, Instant start, Instant end) {
            return new Ran(usage, attempts, log, stepChanges, start, end);
        }

        public Optional<Path> logFile() {
            return Optional.ofNullable(log);
        }

        /** Finish minus start; {@link Duration#ZERO} when not stamped. */
        public Duration duration() {
            return started == null || finished == null ? Duration.ZERO : Duration.between(started, finished);
        }
    }

    /**
     * The step ran and every attempt's criteria held on the last one; or, with {@code cachedFrom}, it did not run
     * because a passed earlier run with the same fingerprint was reused (its ctx writes replayed, its outputs
     * restored: docs/caching.md).
     *
     * @param result     the scriptlet's JSON result; null when none
     * @param cachedFrom the run id whose result was reused; null when the step ran
     */
    record Passed(JsonNode result, Ran ran, String cachedFrom) implements Finished {
        public Passed {
            Objects.requireNonNull(ran, "ran");
        }

        /** A step that ran and passed. */
        public Passed(JsonNode result, Ran ran) {
            this(result, ran, null);
        }

        /** The run whose result was reused, when the step was served from the cache. */
        public Optional<String> cached() {
            return Optional.ofNullable(cachedFrom);
        }

        @Override
        public StepStatus status() {
            return StepStatus.PASSED;
        }

        @Override
        public Optional<String> reason() {
            return Optional.empty();
        }

        @Override
        public Passed with(Ran other) {
            return new Passed(result, other, cachedFrom);
        }
    }

    /**
     * The step ran and failed: its last attempt threw, exited non-zero, timed out or missed its criteria.
     *
     * @param failure the reason (its message is the test's failure message); never null
     */
    record Failed(Throwable failure, Ran ran) implements Finished {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(ran, "ran");
        }

        @Override
        public StepStatus status() {
            return StepStatus.FAILED;
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(String.valueOf(failure.getMessage()));
        }

        @Override
        public Failed with(Ran other) {
            return new Failed(failure, other);
        }
    }

    /**
     * The step ran and gave up on its own: an assumption did not hold (JUnit's {@code Assumptions}, an
     * {@code org.opentest4j.TestAbortedException}) or its process exited with {@link #EXIT_CODE}. Not a
     * failure: a run with aborted steps passes; their dependents are skipped (docs/recipes.md).
     *
     * @param cause what aborted it (its message is the reason); never null
     */
    record Aborted(Throwable cause, Ran ran) implements Finished {

        /** The exit code with which a process step says "aborted" (automake's SKIP). */
        public static final int EXIT_CODE = 77;

        public Aborted {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(ran, "ran");
        }

        @Override
        public StepStatus status() {
            return StepStatus.ABORTED;
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(String.valueOf(cause.getMessage()));
        }

        @Override
        public Aborted with(Ran other) {
            return new Aborted(cause, other);
        }
    }

    /**
     * The step did not run: a dependency failed, aborted or was skipped, its {@code when} key was not
     * truthy, the selection left it out, fail-fast, or the run was interrupted.
     *
     * @param why why it did not run; null becomes empty
     */
    record Skipped(String why) implements StepOutcome {
        public Skipped {
            why = why == null ? "" : why;
        }

        @Override
        public StepStatus status() {
            return StepStatus.SKIPPED;
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(why);
        }
    }
}
