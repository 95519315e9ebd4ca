package dev.orchestrator.schedule.internal;

import static dev.orchestrator.schedule.internal.ParallelSchedulerTest.assertDisjoint;
import static dev.orchestrator.schedule.internal.ParallelSchedulerTest.plan;
import static dev.orchestrator.schedule.internal.ParallelSchedulerTest.runConcurrently;
import static dev.orchestrator.testing.Steps.recipe;
import static dev.orchestrator.testing.Steps.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Settings;
import dev.orchestrator.recipe.Step;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random DAGs (200 and 80 steps, run at once under one launch limiter) with random resources, unsafe steps and
 * failures: every invariant of the scheduler holds, and every step ends as the serial scheduler decides.
 */
class ParallelSchedulerStressTest {

    private static final int LAUNCH_PARALLELISM = 3;
    private static final int RECIPE_PARALLELISM = 5;

    @RepeatedTest(3)
    void keepsEveryInvariantOnRandomGraphs(RepetitionInfo repetition) throws InterruptedException {
        Random random = new Random(20_240_000L + repetition.getCurrentRepetition());
        Recipe big = randomRecipe("big", 200, random);
        Recipe small = randomRecipe("small", 80, random);
        Set<String> failingBig = randomSubset(big, 0.05, random);
        Set<String> failingSmall = randomSubset(small, 0.05, random);
        Timeline timeline = new Timeline();
        RecordingTask bigTask = new RecordingTask("big", timeline).busyFor(50).failing(failingBig.toArray(String[]::new));
        RecordingTask smallTask = new RecordingTask("small", timeline).busyFor(50)
                .failing(failingSmall.toArray(String[]::new));

        runConcurrently(new ParallelScheduler(new LaunchLimiter(LAUNCH_PARALLELISM)),
                List.of(plan(big), plan(small)), List.of(bigTask, smallTask));

        assertThat(timeline.maxConcurrent()).isLessThanOrEqualTo(LAUNCH_PARALLELISM);
        List<Timeline.Interval> all = timeline.intervals();
        checkRecipe(big, bigTask, failingBig, all);
        checkRecipe(small, smallTask, failingSmall, all);
        for (String resource : List.of("r0", "r1", "r2")) {
            assertDisjoint(all.stream().filter(i -> stepOf(i, big, small).limits().resources().contains(resource)).toList());
        }
        for (Timeline.Interval unsafe : all.stream().filter(i -> !stepOf(i, big, small).limits().threadSafe()).toList()) {
            assertThat(all).filteredOn(i -> i != unsafe).noneMatch(unsafe::overlaps);
        }
    }

    private static void checkRecipe(Recipe recipe, RecordingTask task, Set<String> failing,
                                    List<Timeline.Interval> all) throws InterruptedException {
        assertThat(task.problems()).isEmpty();
        assertThat(task.calls()).hasSize(recipe.steps().size()).allSatisfy((step, calls) -> assertThat(calls)
                .as("times %s was run or skipped", step).isEqualTo(1));

        RecordingTask serial = new RecordingTask().failing(failing.toArray(String[]::new));
        new SerialScheduler().run(plan(recipe), serial);
        assertThat(task.skipReasons()).as("the same steps skipped for the same reasons as serially")
                .isEqualTo(serial.skipReasons());

        for (Step step : recipe.steps()) {
            long begin = task.ran(step.name()) ? task.interval(step.name()).start() : task.skipTime(step.name());
            for (String dep : step.scheduling().dependsOn()) {
                long depEnd = task.ran(dep) ? task.interval(dep).end() : task.skipTime(dep);
                assertThat(begin).as("%s began after its dependency %s ended", step.name(), dep)
                        .isGreaterThan(depEnd);
            }
        }
        List<Timeline.Interval> own = all.stream().filter(i -> i.recipe().equals(recipe.testId())).toList();
        assertThat(maxOverlap(own)).isLessThanOrEqualTo(RECIPE_PARALLELISM);
    }

    /** Each step depends on up to three earlier ones; some hold resources, a few are not thread-safe. */
    private static Recipe randomRecipe(String id, int size, Random random) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Set<String> deps = new TreeSet<>();
            int count = i == 0 ? 0 : random.nextInt(4);
            for (int d = 0; d < count; d++) {
                deps.add(id + random.nextInt(i));
            }
            List<String> resources = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                if (random.nextDouble() < 0.1) {
                    resources.add("r" + r);
                }
            }
            steps.add(step(id + i).idx(i).dependsOn(new ArrayList<>(deps))
                    .resources(resources.toArray(String[]::new)).threadSafe(random.nextDouble() >= 0.02).build());
        }
        return recipe(id, new Settings(RECIPE_PARALLELISM, false), steps);
    }

    private static Set<String> randomSubset(Recipe recipe, double share, Random random) {
        Set<String> names = new HashSet<>();
        recipe.steps().forEach(s -> {
            if (random.nextDouble() < share) {
                names.add(s.name());
            }
        });
        return names;
    }

    private static Step stepOf(Timeline.Interval interval, Recipe... recipes) {
        for (Recipe recipe : recipes) {
            if (recipe.testId().equals(interval.recipe())) {
                return recipe.step(interval.step()).orElseThrow();
            }
        }
        throw new AssertionError("unknown recipe " + interval.recipe());
    }

    /** Most intervals that contain a common instant. */
    private static int maxOverlap(List<Timeline.Interval> intervals) {
        List<long[]> points = new ArrayList<>();
        for (Timeline.Interval i : intervals) {
            points.add(new long[] {i.start(), 1});
            points.add(new long[] {i.end(), -1});
        }
        // an end at the same instant as a start does not overlap it
        points.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        int current = 0;
        int max = 0;
        for (long[] p : points) {
            current += (int) p[1];
            max = Math.max(max, current);
        }
        return max;
    }
}
