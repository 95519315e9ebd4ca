package dev.orchestrator.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.event.StepStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/** How the steps of one recipe ended so far in this run. Thread-safe: steps may finish at once. */
@API(status = EXPERIMENTAL)
public final class RecipeTally {

    /** One step's end. */
    public record Entry(Step step, StepOutcome outcome) {

        public StepStatus status() {
            return outcome.status();
        }

        /** The skip reason, or the failure's or abort's message, or null for a passed step. */
        public String reason() {
            return outcome.reason().orElse(null);
        }

        /** What the step's run cost; empty for a skipped step. */
        public java.util.Optional<ResourceUsage> usage() {
            return outcome instanceof StepOutcome.Finished f ? java.util.Optional.of(f.ran().usage())
                    : java.util.Optional.empty();
        }

        public Duration wall() {
            return usage().map(ResourceUsage::wall).orElse(Duration.ZERO);
        }

        /** The run whose result this step reused from the step cache (docs/caching.md); empty when it ran. */
        public java.util.Optional<String> cachedFrom() {
            return outcome instanceof StepOutcome.Passed p ? p.cached() : java.util.Optional.empty();
        }
    }

    private final Recipe recipe;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public RecipeTally(Recipe recipe) {
        this.recipe = recipe;
    }

    public Recipe recipe() {
        return recipe;
    }

    public void finished(Step step, StepOutcome.Finished outcome) {
        entries.put(step.name(), new Entry(step, outcome));
    }

    public void skipped(Step step, String reason) {
        entries.put(step.name(), new Entry(step, StepOutcome.skipped(reason)));
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
        entries().stream().filter(e -> e.status().ran()).forEach(e -> durations.put(e.step().name(), e.wall()));
        return durations;
    }

    /** Step name → the run its result came from, for the steps served from the step cache; by idx. */
    public Map<String, String> cachedFrom() {
        Map<String, String> cached = new LinkedHashMap<>();
        entries().forEach(e -> e.cachedFrom().ifPresent(run -> cached.put(e.step().name(), run)));
        return cached;
    }

    /** How many steps were served from the step cache (they count as passed too). */
    public long cached() {
        return entries.values().stream().filter(e -> e.cachedFrom().isPresent()).count();
    }

    public long count(StepStatus status) {
        return entries.values().stream().filter(e -> e.status() == status).count();
    }

    public int size() {
        return entries.size();
    }
}
