package dev.orchestrator.report;

import dev.orchestrator.execution.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.StepStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How the steps of one recipe ended so far in this run. Thread-safe: steps may finish at once. */
public final class RecipeTally {

    /**
     * One step's end.
     *
     * @param outcome null for a skipped step
     * @param reason  the skip reason, or the failure message, or null
     */
    public record Entry(Step step, StepStatus status, StepOutcome outcome, String reason) {

        /** The step's wall time; zero for a skipped step. */
        public Duration wall() {
            return outcome == null ? Duration.ZERO : outcome.usage().wall();
        }
    }

    private final Recipe recipe;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** An empty tally of {@code recipe}. */
    public RecipeTally(Recipe recipe) {
        this.recipe = recipe;
    }

    public Recipe recipe() {
        return recipe;
    }

    public void finished(Step step, StepOutcome outcome) {
        String reason = outcome.failure() != null ? outcome.failure().getMessage() : outcome.skipReason();
        entries.put(step.name(), new Entry(step, outcome.status(), outcome, reason));
    }

    public void skipped(Step step, String reason) {
        entries.put(step.name(), new Entry(step, StepStatus.SKIPPED, null, reason));
    }

    /** The steps that ended, by idx. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingInt(e -> e.step().idx()));
        return list;
    }

    public Map<String, StepStatus> statuses() {
        Map<String, StepStatus> statuses = new LinkedHashMap<>();
        entries().forEach(e -> statuses.put(e.step().name(), e.status()));
        return statuses;
    }

    public Map<String, Duration> durations() {
        Map<String, Duration> durations = new LinkedHashMap<>();
        entries().stream().filter(e -> e.outcome() != null).forEach(e -> durations.put(e.step().name(), e.wall()));
        return durations;
    }

    public long count(StepStatus status) {
        return entries.values().stream().filter(e -> e.status() == status).count();
    }

    public int size() {
        return entries.size();
    }
}
