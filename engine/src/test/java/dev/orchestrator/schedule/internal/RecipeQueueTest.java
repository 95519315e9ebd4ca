package dev.orchestrator.schedule.internal;

import static dev.orchestrator.testing.Steps.recipe;
import static dev.orchestrator.testing.Steps.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecipeQueueTest {

    @Test
    void runsRecipesAtTheSameTimeUnderOneLaunchLimiter() throws InterruptedException {
        ParallelScheduler scheduler = new ParallelScheduler(new LaunchLimiter(2));
        Timeline timeline = new Timeline();
        CyclicBarrier both = new CyclicBarrier(2);
        Recipe first = recipe("first", new Settings(1, false), step("a").build());
        Recipe second = recipe("second", new Settings(1, false), step("b").build());
        RecordingTask firstTask = new RecordingTask("first", timeline).meeting(both, "a");
        RecordingTask secondTask = new RecordingTask("second", timeline).meeting(both, "b");

        ParallelSchedulerTest.runConcurrently(scheduler,
                List.of(ParallelSchedulerTest.plan(first), ParallelSchedulerTest.plan(second)),
                List.of(firstTask, secondTask));

        assertThat(firstTask.problems()).as("a and b, of different recipes, ran at the same time").isEmpty();
        assertThat(secondTask.problems()).isEmpty();
    }

    @Test
    void startsItemsInOrderAndRunsNoMoreThanItsConcurrency() throws InterruptedException {
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());

        new RecipeQueue<String>(1).runAll(List.of("x", "y", "z"), item -> {
            started.add(item);
            threads.add(Thread.currentThread().getName());
        }, item -> {
        });

        assertThat(started).containsExactly("x", "y", "z");
        assertThat(threads).allMatch(name -> name.matches("orchestrator-recipe-\\d+"));
    }

    @Test
    void aFailingItemDoesNotStopTheOthersAndIsRethrownAtTheEnd() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> new RecipeQueue<String>(2).runAll(List.of("x", "y", "z"), item -> {
            if (item.equals("x")) {
                throw boom;
            }
            done.add(item);
        }, item -> {
        })).isSameAs(boom);
        assertThat(done).containsExactlyInAnyOrder("y", "z");
    }

    @Test
    void interruptionInterruptsRunningItemsAndReportsTheOthersNotStarted() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        List<String> interrupted = Collections.synchronizedList(new ArrayList<>());
        List<String> notStarted = Collections.synchronizedList(new ArrayList<>());

        Background caller = Background.start(() -> new RecipeQueue<String>(1).runAll(List.of("x", "y"), item -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.add(item);
                throw e;
            }
        }, notStarted::add));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();

        assertThat(caller.join()).isInstanceOf(InterruptedException.class);
        assertThat(interrupted).containsExactly("x");
        assertThat(notStarted).containsExactly("y");
    }
}
