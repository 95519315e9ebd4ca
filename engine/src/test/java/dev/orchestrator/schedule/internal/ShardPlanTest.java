package dev.orchestrator.schedule.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardPlanTest {

    private static List<ShardPlan.Item> recipes(int n) {
        List<ShardPlan.Item> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new ShardPlan.Item("r%02d".formatted(i), 1 + (i * 7) % 5));
        }
        return items;
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 2, 3, 4, 7, 40, 45})
    void everyRecipeLandsInExactlyOneShard(int count) {
        List<ShardPlan.Item> items = recipes(40);
        ShardPlan plan = ShardPlan.of(items, count, Map.of());

        assertThat(plan.parts()).hasSize(count);
        List<String> all = plan.parts().stream().flatMap(p -> p.testIds().stream()).toList();
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                items.stream().map(ShardPlan.Item::testId).toList());
        assertThat(plan.parts().stream().mapToInt(ShardPlan.Part::steps).sum())
                .isEqualTo(items.stream().mapToInt(ShardPlan.Item::steps).sum());
    }

    @Test
    void withoutDurationsTheMostStepsGoFirstIntoTheLeastLoadedShardTiesByTestId() {
        List<ShardPlan.Item> items = List.of(new ShardPlan.Item("b", 2), new ShardPlan.Item("a", 2),
                new ShardPlan.Item("big", 5), new ShardPlan.Item("c", 1), new ShardPlan.Item("d", 1));

        ShardPlan plan = ShardPlan.of(items, 2, Map.of());

        assertThat(plan.timed()).isFalse();
        // big (5) | a, b, c (2 + 2 + 1); then d meets a tie at 5 and takes the lower-numbered shard
        assertThat(plan.part(new Shard(1, 2)).testIds()).containsExactly("big", "d");
        assertThat(plan.part(new Shard(2, 2)).testIds()).containsExactly("a", "b", "c");
        assertThat(plan.part(new Shard(1, 2)).expected()).isEmpty();
    }

    @Test
    void recordedDurationsWinOverStepCountAndRecipesWithoutOneAreEstimatedPerStep() {
        List<ShardPlan.Item> items = List.of(new ShardPlan.Item("many_fast_steps", 10),
                new ShardPlan.Item("one_slow_step", 1), new ShardPlan.Item("new_recipe", 2));
        Map<String, Duration> durations = Map.of("many_fast_steps", Duration.ofSeconds(1),
                "one_slow_step", Duration.ofSeconds(60));

        ShardPlan plan = ShardPlan.of(items, 2, durations);

        assertThat(plan.timed()).isTrue();
        // mean per step: 61 s / 11 steps; new_recipe ≈ 11 s, still lighter than the slow one
        assertThat(plan.part(new Shard(1, 2)).testIds()).containsExactly("one_slow_step");
        assertThat(plan.part(new Shard(2, 2)).testIds()).containsExactly("new_recipe", "many_fast_steps");
        assertThat(plan.part(new Shard(1, 2)).expected()).contains(Duration.ofSeconds(60));
        assertThat(plan.part(new Shard(2, 2)).expected().orElseThrow())
                .isBetween(Duration.ofSeconds(12), Duration.ofSeconds(13));
    }

    @Test
    void theOrderRecipesAreDiscoveredInDoesNotChangeThePlan() {
        List<ShardPlan.Item> items = recipes(40);
        Map<String, Duration> durations = Map.of("r03", Duration.ofSeconds(9), "r17", Duration.ofMillis(1500));
        ShardPlan expected = ShardPlan.of(items, 4, durations);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<ShardPlan.Item> shuffled = new ArrayList<>(items);
            Collections.shuffle(shuffled, random);
            assertThat(ShardPlan.of(shuffled, 4, durations).parts()).isEqualTo(expected.parts());
        }
    }

    @Test
    void shardsAreBalancedByStepCount() {
        ShardPlan plan = ShardPlan.of(recipes(40), 4, Map.of());
        Set<Integer> steps = new HashSet<>();
        plan.parts().forEach(p -> steps.add(p.steps()));
        int max = Collections.max(steps);
        int min = Collections.min(steps);
        assertThat(max - min).isLessThanOrEqualTo(5); // at most the heaviest recipe apart
    }

    @Test
    void aShardIsKOfNCountedFromOne() {
        assertThat(Shard.parse("2/4")).contains(new Shard(2, 4));
        assertThat(Shard.parse(" 1 / 1 ")).contains(new Shard(1, 1));
        for (String bad : List.of("0/4", "5/4", "2", "2/", "/4", "a/b", "2/4/6", "-1/4", "2/0")) {
            assertThat(Shard.parse(bad)).as(bad).isEmpty();
        }
        assertThat(new Shard(3, 4)).hasToString("3/4");
        assertThatThrownBy(() -> ShardPlan.of(recipes(3), 2, Map.of()).part(new Shard(1, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
