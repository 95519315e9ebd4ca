package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.internal.Counts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Which recipes each shard of a run gets. Recipes are never split: every recipe lands in exactly one shard,
 * decided from the recipe set alone (plus recorded durations when there are some), so every shard process
 * computes the same plan without talking to the others.
 *
 * <p>The weight of a recipe is its last recorded duration; a recipe without one is estimated from the
 * others (their mean time per step, times its step count); with no durations at all the weight is the step
 * count. Recipes go longest first, ties broken by test_id, each into the shard with the least weight so far
 * (the lowest-numbered one on a tie).
 */
@API(status = INTERNAL)
public final class ShardPlan {

    /** A recipe as the plan sees it: its test_id and its step count. */
    public record Item(String testId, int steps) {
    }

    /**
     * One shard of the plan.
     *
     * @param shard    which shard
     * @param testIds  its recipes, in the order they were placed (heaviest first)
     * @param expected the expected duration: the sum of its recipes' recorded or estimated durations;
     *                 empty when no duration was recorded for any recipe
     * @param steps    how many steps its recipes have together
     */
    public record Part(Shard shard, List<String> testIds, Optional<Duration> expected, int steps) {
    }

    private final List<Part> parts;

    private ShardPlan(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * Splits {@code recipes} into {@code count} shards.
     *
     * @param durations the last recorded duration of some recipes, by test_id (may be empty, never null)
     */
    public static ShardPlan of(List<Item> recipes, int count, Map<String, Duration> durations) {
        if (count < 1) {
            throw new IllegalArgumentException("a run is split into at least 1 shard, found " + count);
        }
        double perStep = meanMillisPerStep(recipes, durations);
        boolean timed = perStep > 0;
        List<Weighted> weighted = new ArrayList<>();
        for (Item item : recipes) {
            Duration known = durations.get(item.testId());
            double weight = known != null ? known.toNanos() / 1e6 : timed ? perStep * item.steps() : item.steps();
            weighted.add(new Weighted(item, weight));
        }
        weighted.sort(Comparator.comparingDouble(Weighted::weight).reversed()
                .thenComparing(w -> w.item().testId()));
        double[] load = new double[count];
        int[] steps = new int[count];
        List<List<String>> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(new ArrayList<>());
        }
        for (Weighted w : weighted) {
            int least = 0;
            for (int i = 1; i < count; i++) {
                if (load[i] < load[least]) {
                    least = i;
                }
            }
            load[least] += w.weight();
            steps[least] += w.item().steps();
            ids.get(least).add(w.item().testId());
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<Duration> expected = timed ? Optional.of(Duration.ofNanos(Math.round(load[i] * 1e6)))
                    : Optional.empty();
            parts.add(new Part(new Shard(i + 1, count), ids.get(i), expected, steps[i]));
        }
        return new ShardPlan(parts);
    }

    /** Every shard, the first first. */
    public List<Part> parts() {
        return parts;
    }

    /** The part of {@code shard}, whose count must be this plan's. */
    public Part part(Shard shard) {
        if (shard.count() != parts.size()) {
            throw new IllegalArgumentException("shard " + shard + " of a plan of " + Counts.of(parts.size(), "shard"));
        }
        return parts.get(shard.index() - 1);
    }

    /** Whether the plan gives a duration (some recipe has a recorded one). */
    public boolean timed() {
        return !parts.isEmpty() && parts.get(0).expected().isPresent();
    }

    private static double meanMillisPerStep(List<Item> recipes, Map<String, Duration> durations) {
        double millis = 0;
        long steps = 0;
        for (Item item : recipes) {
            Duration d = durations.get(item.testId());
            if (d != null) {
                millis += d.toNanos() / 1e6;
                steps += Math.max(1, item.steps());
            }
        }
        return steps == 0 ? 0 : Math.max(millis / steps, Double.MIN_VALUE);
    }

    private record Weighted(Item item, double weight) {
    }
}
