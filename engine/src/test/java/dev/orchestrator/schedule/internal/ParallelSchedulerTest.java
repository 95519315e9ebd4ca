package dev.orchestrator.schedule.internal;

import static dev.orchestrator.testing.Steps.recipe;
import static dev.orchestrator.testing.Steps.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Settings;
import dev.orchestrator.recipe.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelSchedulerTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void runsIndependentStepsAtTheSameTimeOnNamedDaemonThreads() {
        Recipe recipe = recipe("r", new Settings(2, false), step("a").build(), step("b").build());
        RecordingTask task = new RecordingTask().meeting(new CyclicBarrier(2), "a", "b");

        run(new ParallelScheduler(new LaunchLimiter(4)), plan(recipe), task);

        assertThat(task.problems()).isEmpty();
        Timeline.Interval a = task.interval("a");
        Timeline.Interval b = task.interval("b");
        assertThat(Math.max(a.start(), b.start())).as("both started before either ended")
                .isLessThan(Math.min(a.end(), b.end()));
        assertThat(List.of(a.thread(), b.thread())).allMatch(name -> name.matches("orchestrator-step-\\d+"))
                .doesNotHaveDuplicates();
    }

    @Test
    void startsAStepOnlyOnceEveryDependencyPassed() {
        Recipe recipe = recipe("r", new Settings(4, false),
                step("a").build(),
                step("b").dependsOn("a").build(),
                step("c").dependsOn("a").build(),
                step("d").dependsOn("b", "c").build());
        RecordingTask task = new RecordingTask().meeting(new CyclicBarrier(2), "b", "c");

        run(new ParallelScheduler(new LaunchLimiter(4)), plan(recipe), task);

        assertThat(task.problems()).as("b and c ran at the same time").isEmpty();
        assertThat(task.interval("b").start()).isGreaterThan(task.interval("a").end());
        assertThat(task.interval("c").start()).isGreaterThan(task.interval("a").end());
        assertThat(task.interval("d").start()).isGreaterThan(task.interval("b").end())
                .isGreaterThan(task.interval("c").end());
    }

    @Test
    void startsReadyStepsInPlanOrder() {
        Recipe recipe = recipe("r", new Settings(1, false),
                step("c").build(), step("a").build(), step("z").dependsOn("c").build(), step("b").build());
        RecordingTask task = new RecordingTask();

        run(new ParallelScheduler(new LaunchLimiter(4)), plan(recipe), task);

        assertThat(task.events()).filteredOn(e -> e.startsWith("start"))
                .containsExactly("start c", "start a", "start z", "start b");
    }

    @Test
    void neverRunsMoreStepsOfARecipeThanItsParallelism() {
        Recipe recipe = recipe("r", new Settings(3, false), independentSteps("s", 12));
        RecordingTask task = new RecordingTask().meeting(new CyclicBarrier(3), names(recipe));

        run(new ParallelScheduler(new LaunchLimiter(8)), plan(recipe), task);

        assertThat(task.problems()).as("three steps ran at once each time").isEmpty();
        assertThat(task.timeline().maxConcurrent()).isEqualTo(3);
    }

    @Test
    void runsAsManyStepsAsProcessorsWhenTheRecipeSetsNoParallelism() {
        int processors = Runtime.getRuntime().availableProcessors();
        Recipe recipe = recipe("r", Settings.DEFAULTS, independentSteps("s", processors * 2));
        RecordingTask task = new RecordingTask().meeting(new CyclicBarrier(processors), names(recipe));

        run(new ParallelScheduler(LaunchLimiter.ofAvailableProcessors()), plan(recipe), task);

        assertThat(task.problems()).isEmpty();
        assertThat(task.timeline().maxConcurrent()).isEqualTo(processors);
    }

    @Test
    void theLaunchLimitHoldsAcrossRecipesRunningAtOnce() throws InterruptedException {
        LaunchLimiter limiter = new LaunchLimiter(2);
        ParallelScheduler scheduler = new ParallelScheduler(limiter);
        Timeline timeline = new Timeline();
        CyclicBarrier pairs = new CyclicBarrier(2);
        Recipe first = recipe("first", new Settings(4, false), independentSteps("f", 6));
        Recipe second = recipe("second", new Settings(4, false), independentSteps("s", 6));
        RecordingTask firstTask = new RecordingTask("first", timeline).meeting(pairs, names(first));
        RecordingTask secondTask = new RecordingTask("second", timeline).meeting(pairs, names(second));

        runConcurrently(scheduler, List.of(plan(first), plan(second)), List.of(firstTask, secondTask));

        assertThat(firstTask.problems()).isEmpty();
        assertThat(secondTask.problems()).isEmpty();
        assertThat(timeline.maxConcurrent()).isEqualTo(2);
    }

    @Test
    void aStepThatIsNotThreadSafeRunsAloneInTheWholeLaunch() throws InterruptedException {
        ParallelScheduler scheduler = new ParallelScheduler(new LaunchLimiter(8));
        Timeline timeline = new Timeline();
        Recipe first = recipe("first", new Settings(4, false),
                step("u").threadSafe(false).build(), step("c").build(), step("d").build());
        Recipe second = recipe("second", new Settings(3, false), independentSteps("x", 40));
        // u runs long enough that the other recipe's steps, all ready, would overlap it if they could
        RecordingTask firstTask = new RecordingTask("first", timeline).busyFor("u", 30_000)
                .meeting(new CyclicBarrier(2), "c", "d");
        RecordingTask secondTask = new RecordingTask("second", timeline).busyFor(1_000);

        runConcurrently(scheduler, List.of(plan(first), plan(second)), List.of(firstTask, secondTask));

        assertThat(firstTask.problems()).as("c and d ran at the same time").isEmpty();
        Timeline.Interval unsafe = firstTask.interval("u");
        assertThat(timeline.intervals()).filteredOn(i -> i != unsafe).noneMatch(unsafe::overlaps);
    }

    @Test
    void stepsSharingAResourceNeverOverlapWhileOtherStepsDo() {
        Recipe recipe = recipe("r", new Settings(4, false),
                step("db1").resources("db").build(), step("x").build(), step("y").build(),
                step("db2").resources("db", "files").build(), step("db3").resources("db").build());
        RecordingTask task = new RecordingTask().meeting(new CyclicBarrier(3), "db1", "x", "y");

        run(new ParallelScheduler(new LaunchLimiter(8)), plan(recipe), task);

        assertThat(task.problems()).as("db1, x and y ran at the same time").isEmpty();
        assertDisjoint(List.of(task.interval("db1"), task.interval("db2"), task.interval("db3")));
    }

    @Test
    void stepsOfDifferentRecipesSharingAResourceNeverOverlap() throws InterruptedException {
        ParallelScheduler scheduler = new ParallelScheduler(new LaunchLimiter(8));
        Timeline timeline = new Timeline();
        List<Step> firstSteps = new ArrayList<>();
        List<Step> secondSteps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            firstSteps.add(step("f" + i).resources("db").build());
            firstSteps.add(step("g" + i).build());
            secondSteps.add(step("s" + i).resources("db").build());
            secondSteps.add(step("t" + i).build());
        }
        Recipe first = recipe("first", new Settings(4, false), firstSteps);
        Recipe second = recipe("second", new Settings(4, false), secondSteps);
        RecordingTask firstTask = new RecordingTask("first", timeline).busyFor(300);
        RecordingTask secondTask = new RecordingTask("second", timeline).busyFor(300);

        runConcurrently(scheduler, List.of(plan(first), plan(second)), List.of(firstTask, secondTask));

        assertDisjoint(timeline.intervals().stream()
                .filter(i -> i.step().startsWith("f") || i.step().startsWith("s")).toList());
    }

    @ParameterizedTest(name = "launch parallelism {0}")
    @ValueSource(ints = {1, 2})
    void resourcesNamedInAnyOrderNeverDeadlock(int launchParallelism) throws InterruptedException {
        ParallelScheduler scheduler = new ParallelScheduler(new LaunchLimiter(launchParallelism));
        Timeline timeline = new Timeline();
        Recipe first = recipe("first", new Settings(3, false),
                step("p1").resources("b", "a").build(), step("p2").resources("a").build(),
                step("p3").resources("b").threadSafe(false).build(), step("p4").resources("c", "a").build());
        Recipe second = recipe("second", new Settings(3, false),
                step("q1").resources("a", "b").build(), step("q2").resources("b").build(),
                step("q3").threadSafe(false).build(), step("q4").resources("a", "c").build());
        RecordingTask firstTask = new RecordingTask("first", timeline).busyFor(100);
        RecordingTask secondTask = new RecordingTask("second", timeline).busyFor(100);

        runConcurrently(scheduler, List.of(plan(first), plan(second)), List.of(firstTask, secondTask));

        assertThat(timeline.intervals()).hasSize(8);
        assertThat(timeline.maxConcurrent()).isLessThanOrEqualTo(launchParallelism);
    }

    @Test
    void failFastSkipsEveryStepNotYetStartedWhileRunningOnesFinish() {
        Recipe recipe = recipe("r", new Settings(2, true),
                step("a").build(), step("b").build(), step("c").build(), step("d").build(),
                step("e").dependsOn("b").build());
        RecordingTask task = new RecordingTask().failing("a");
        task.waitingFor(task.startedSignal("b"), "a").waitingFor(task.skippedSignal("c"), "b");

        run(new ParallelScheduler(new LaunchLimiter(4)), plan(recipe), task);

        assertThat(task.problems()).isEmpty();
        assertThat(task.ran("b")).as("b was running when a failed, and finished").isTrue();
        assertThat(task.skipReasons()).containsOnly(
                entry("c", "fail_fast: step a failed"),
                entry("d", "fail_fast: step a failed"),
                entry("e", "fail_fast: step a failed"));
        assertThat(task.skipTime("e")).as("e is skipped once its dependency ended")
                .isGreaterThan(task.interval("b").end());
    }

    @Test
    void skipsDependentsOfAFailedOrSkippedStepOnceTheirDependenciesEnded() {
        Recipe recipe = recipe("r", new Settings(4, false),
                step("a").build(),
                step("b").dependsOn("a").build(),
                step("c").dependsOn("b").build(),
                step("d").build(),
                step("e").dependsOn("d", "a").build());
        RecordingTask task = new RecordingTask().failing("a");

        run(new ParallelScheduler(new LaunchLimiter(4)), plan(recipe), task);

        assertThat(task.skipReasons()).containsOnly(
                entry("b", "dependency a failed"),
                entry("c", "dependency b was skipped"),
                entry("e", "dependency a failed"));
        assertThat(task.ran("d")).isTrue();
        assertThat(task.skipTime("b")).isGreaterThan(task.interval("a").end());
        assertThat(task.skipTime("c")).isGreaterThan(task.skipTime("b"));
        assertThat(task.skipTime("e")).isGreaterThan(task.interval("d").end());
    }

    @Test
    void reportsStepsTheSelectionLeavesOutAndTreatsThemAsSatisfied() {
        Recipe recipe = recipe("r", new Settings(4, false),
                step("a").build(),
                step("b").dependsOn("a").build(),
                step("c").dependsOn("b").build(),
                step("hidden").dependsOn("c").build());
        Plan plan = Plan.of(recipe, Set.of("a", "b", "c"), new Selection(Set.of(), Set.of("b"), Optional.empty()));
        RecordingTask task = new RecordingTask();

        run(new ParallelScheduler(new LaunchLimiter(4)), plan, task);

        assertThat(task.skipReasons()).containsOnly(entry("b", "skipped on request: skip b"));
        assertThat(task.ran("a")).isTrue();
        assertThat(task.ran("c")).isTrue();
        assertThat(task.calls()).doesNotContainKey("hidden");
    }

    @Test
    void resumesFromAStepWithEarlierStepsReportedSkipped() {
        Recipe recipe = recipe("r", new Settings(4, false),
                step("a").build(), step("b").dependsOn("a").build(), step("c").dependsOn("b").build());
        Plan plan = Plan.of(recipe, Set.of("a", "b", "c"), new Selection(Set.of(), Set.of(), Optional.of("c")));
        RecordingTask task = new RecordingTask();

        run(new ParallelScheduler(new LaunchLimiter(4)), plan, task);

        assertThat(task.events()).containsExactly("skip a", "skip b", "start c", "end c");
        assertThat(task.skipReasons()).containsOnly(
                entry("a", "before the resume point: resume-from c"),
                entry("b", "before the resume point: resume-from c"));
    }

    @Test
    void interruptionStopsRunningStepsSkipsTheRestAndIsRethrown() throws InterruptedException {
        Recipe recipe = recipe("r", new Settings(2, false),
                step("a").build(), step("b").dependsOn("a").build(), step("c").build(), step("d").build());
        RecordingTask task = new RecordingTask().blockingUntilInterrupted("a").blockingUntilInterrupted("c");
        ParallelScheduler scheduler = new ParallelScheduler(new LaunchLimiter(4));

        Background caller = Background.start(() -> scheduler.run(plan(recipe), task));
        task.awaitStarted("a");
        task.awaitStarted("c");
        caller.interrupt();

        assertThat(caller.join()).isInstanceOf(InterruptedException.class);
        assertThat(task.wasInterrupted("a")).isTrue();
        assertThat(task.wasInterrupted("c")).isTrue();
        assertThat(task.skipReasons()).containsOnly(entry("b", "run interrupted"), entry("d", "run interrupted"));
        assertThat(task.skipTime("b")).isGreaterThan(task.interval("a").end());
    }

    @Test
    void aTaskThatThrowsFailsItsStepAndTheExceptionIsRethrownOnceEverythingSettled() {
        IllegalStateException boom = new IllegalStateException("boom");
        Recipe recipe = recipe("r", new Settings(2, false),
                step("a").build(), step("b").dependsOn("a").build(), step("c").build());
        RecordingTask task = new RecordingTask().throwing("a", boom);
        task.waitingFor(task.skippedSignal("b"), "c");
        ParallelScheduler scheduler = new ParallelScheduler(new LaunchLimiter(4));

        Throwable thrown = assertTimeoutPreemptively(LIMIT, () -> {
            try {
                scheduler.run(plan(recipe), task);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });

        assertThat(thrown).isSameAs(boom);
        assertThat(task.problems()).isEmpty();
        assertThat(task.skipReasons()).containsOnly(entry("b", "dependency a failed"));
        assertThat(task.ran("c")).isTrue();
    }

    // ---- helpers shared with the other scheduler tests

    static Plan plan(Recipe recipe) {
        return Plan.of(recipe, recipe.steps().stream().map(Step::name).collect(Collectors.toSet()), Selection.ALL);
    }

    static void run(Scheduler scheduler, Plan plan, StepTask task) {
        assertTimeoutPreemptively(LIMIT, () -> scheduler.run(plan, task));
    }

    /** Runs each plan with its task on its own recipe thread, all at once, and waits for all. */
    static void runConcurrently(Scheduler scheduler, List<Plan> plans, List<RecordingTask> tasks)
            throws InterruptedException {
        List<Integer> indexes = IntStream.range(0, plans.size()).boxed().toList();
        assertTimeoutPreemptively(LIMIT, () -> new RecipeQueue<Integer>(plans.size())
                .runAll(indexes, i -> scheduler.run(plans.get(i), tasks.get(i)), i -> {
                }));
    }

    static List<Step> independentSteps(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> step(prefix + i).build()).toList();
    }

    static String[] names(Recipe recipe) {
        return recipe.steps().stream().map(Step::name).toArray(String[]::new);
    }

    static void assertDisjoint(List<Timeline.Interval> intervals) {
        for (int i = 0; i < intervals.size(); i++) {
            for (int j = i + 1; j < intervals.size(); j++) {
                assertThat(intervals.get(i).overlaps(intervals.get(j)))
                        .as("%s overlaps %s", intervals.get(i), intervals.get(j)).isFalse();
            }
        }
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
