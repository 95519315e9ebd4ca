package dev.orchestrator.event.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.event.Event;
import dev.orchestrator.event.Subscriptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventBusTest {

    /** The events of these tests: a sealed family, as the run's events are. */
    sealed interface TestEvent extends Event permits Ping, Pong, Tick, Box {
    }

    record Ping(int n) implements TestEvent {
        @Override
        public String describe() {
            return "Ping(" + n + ")";
        }
    }

    record Pong(String text) implements TestEvent {
    }

    /** One publisher's n-th event. */
    record Tick(int publisher, int n) implements TestEvent {
    }

    /** Carries state that goes on changing, so it hands a copy to other threads. */
    record Box(List<String> items, boolean copy) implements TestEvent {
        @Override
        public Box detached() {
            return new Box(List.copyOf(items), true);
        }
    }

    /** What the warnings said, as "message | cause". */
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Warnings warn = (message, cause) -> warnings.add(message + " | " + cause);

    @Test
    void aSubscriberHearsOnlyTheTypesItAskedFor() {
        List<String> heard = new ArrayList<>();
        try (EventBus<TestEvent> bus = new EventBus<>()) {
            bus.register("pings", Delivery.synchronous(), on -> on.event(Ping.class, e -> heard.add("ping " + e.n())));
            bus.register("all", Delivery.synchronous(), on -> on.event(TestEvent.class, e -> heard.add("any " + e)));
            bus.publish(new Ping(1));
            bus.publish(new Pong("x"));
        }
        assertThat(heard).containsExactly("ping 1", "any Ping[n=1]", "any Pong[text=x]");
    }

    @Test
    void aSubscribersHandlersRunInTheOrderTheyWereRegistered() {
        List<String> heard = new ArrayList<>();
        try (EventBus<TestEvent> bus = new EventBus<>()) {
            bus.register("two handlers", Delivery.synchronous(), on -> {
                on.event(TestEvent.class, e -> heard.add("first"));
                on.event(Ping.class, e -> heard.add("second"));
            });
            bus.publish(new Ping(1));
        }
        assertThat(heard).containsExactly("first", "second");
    }

    /** Several publishers at once, a queue far smaller than what they publish: every event arrives, each publisher's in order. */
    @Test
    void aBackgroundSubscriberHasHandledEveryEventInOrderWhenTheBusCloses() throws Exception {
        int publishers = 4;
        int each = 5_000;
        List<List<Integer>> heard = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            heard.add(new ArrayList<>());
        }
        EventBus<TestEvent> bus = new EventBus<>();
        bus.register("slow", new Delivery.Background(warn, 8), on -> on.event(Tick.class, t -> heard.get(t.publisher()).add(t.n())));
        CyclicBarrier start = new CyclicBarrier(publishers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            Thread thread = new Thread(() -> {
                await(start);
                for (int n = 0; n < each; n++) {
                    bus.publish(new Tick(publisher, n));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        bus.close();

        for (List<Integer> one : heard) {
            assertThat(one).hasSize(each).isSorted();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aThrowingSubscriberIsToldOnceAsAWarningAndTheOthersAndThePublisherGoOn() {
        List<Integer> before = new CopyOnWriteArrayList<>();
        List<Integer> after = new CopyOnWriteArrayList<>();
        try (EventBus<TestEvent> bus = new EventBus<>()) {
            bus.register("before", Delivery.isolated(warn), on -> on.event(Ping.class, e -> before.add(e.n())));
            bus.register("throwing report", Delivery.background(warn), on -> on.event(Ping.class, e -> {
                if (e.n() > 0) {
                    throw new IllegalStateException("disk full at " + e.n());
                }
            }));
            bus.register("linkage", Delivery.isolated(warn), on -> on.event(Ping.class, e -> {
                if (e.n() > 0) {
                    throw new NoClassDefFoundError("org/apache/poi/Missing");
                }
            }));
            bus.register("after", Delivery.background(warn), on -> on.event(Ping.class, e -> after.add(e.n())));
            for (int n = 0; n < 5; n++) {
                bus.publish(new Ping(n));
            }
        }
        assertThat(before).containsExactly(0, 1, 2, 3, 4);
        assertThat(after).containsExactly(0, 1, 2, 3, 4);
        assertThat(warnings).filteredOn(w -> !w.endsWith("| null")).containsExactlyInAnyOrder(
                "the throwing report failed in Ping(1); the run and the others go on (its later failures are only "
                        + "counted) | java.lang.IllegalStateException: disk full at 1",
                "the linkage failed in Ping(1); the run and the others go on (its later failures are only counted) "
                        + "| java.lang.NoClassDefFoundError: org/apache/poi/Missing");
        assertThat(warnings).contains("the throwing report failed 4 times in all | null",
                "the linkage failed 4 times in all | null");
    }

    @Test
    void aSubscriberThatFailedGoesOnHearingEvents() {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        try (EventBus<TestEvent> bus = new EventBus<>()) {
            bus.register("graph report", Delivery.background(warn), on -> on.event(Ping.class, e -> {
                if (e.n() == 0) {
                    throw new IllegalStateException("cannot draw the first recipe");
                }
                handled.add(e.n());
            }));
            bus.publish(new Ping(0));
            bus.publish(new Ping(1));
        }
        assertThat(handled).containsExactly(1);
        assertThat(warnings).containsExactly("the graph report failed in Ping(0); the run and the others go on (its "
                + "later failures are only counted) | java.lang.IllegalStateException: cannot draw the first recipe");
    }

    @Test
    void aSynchronousSubscribersFailureReachesThePublisherOnceTheOthersHaveTheEvent() {
        List<String> heard = new ArrayList<>();
        EventBus<TestEvent> bus = new EventBus<>();
        bus.register("first", Delivery.synchronous(), on -> on.event(Ping.class, e -> {
            throw new IllegalStateException("first");
        }));
        bus.register("second", Delivery.synchronous(), on -> on.event(Ping.class, e -> {
            throw new IllegalArgumentException("second");
        }));
        bus.register("third", Delivery.synchronous(), on -> on.event(Ping.class, e -> heard.add("third")));
        assertThatThrownBy(() -> bus.publish(new Ping(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("first").satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(IllegalArgumentException.class));
        assertThat(heard).containsExactly("third");
        bus.close();
    }

    /** What queued up while the subscriber was busy is handed over as one batch, in order. */
    @Test
    void aBackgroundSubscriberGetsWhatQueuedUpWhileItWasBusyAsOneBatch() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        List<Integer> current = new ArrayList<>();
        EventBus<TestEvent> bus = new EventBus<>();
        bus.register("batched", Delivery.background(warn), on -> {
            on.event(Ping.class, e -> {
                current.add(e.n());
                if (e.n() == 0) {
                    busy.countDown();
                    await(release);
                }
            });
            on.batches(handleAll -> {
                handleAll.run();
                batches.add(List.copyOf(current));
                current.clear();
            });
        });
        bus.publish(new Ping(0));
        assertThat(busy.await(1, TimeUnit.MINUTES)).isTrue();
        for (int n = 1; n <= 100; n++) {
            bus.publish(new Ping(n));
        }
        release.countDown();
        bus.close();

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactly(0);
        assertThat(batches.get(1)).hasSize(100).isSorted().startsWith(1).endsWith(100);
    }

    @Test
    void aBackgroundSubscriberGetsAFrozenCopyWhileSynchronousOnesGetTheEventItself() {
        List<String> items = new ArrayList<>(List.of("a"));
        List<Box> heard = new CopyOnWriteArrayList<>();
        try (EventBus<TestEvent> bus = new EventBus<>()) {
            bus.register("here", Delivery.synchronous(), on -> on.event(Box.class, heard::add));
            bus.register("elsewhere", Delivery.background(warn), on -> on.event(Box.class, heard::add));
            bus.publish(new Box(items, false));
            items.add("b"); // the publisher goes on changing its state
        }
        assertThat(heard).extracting(Box::copy).containsExactly(false, true);
        assertThat(heard.get(1).items()).containsExactly("a");
    }

    @Test
    void eventsPublishedAfterCloseNoLongerReachBackgroundSubscribers() {
        List<Integer> heard = new CopyOnWriteArrayList<>();
        List<Integer> here = new ArrayList<>();
        EventBus<TestEvent> bus = new EventBus<>();
        bus.register("background", Delivery.background(warn), on -> on.event(Ping.class, e -> heard.add(e.n())));
        bus.register("here", Delivery.synchronous(), on -> on.event(Ping.class, e -> here.add(e.n())));
        bus.publish(new Ping(1));
        bus.close();
        bus.publish(new Ping(2));
        bus.close();
        assertThat(heard).containsExactly(1);
        assertThat(here).containsExactly(1, 2);
        assertThatThrownBy(() -> bus.register("late", Delivery.synchronous(), on -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late");
    }

    /** close() waits for a stuck subscriber only so long, and says so; the stuck one goes on alone. */
    @Test
    void aBackgroundSubscriberThatDoesNotFinishIsLeftBehindWithAWarning() {
        CountDownLatch release = new CountDownLatch(1);
        EventBus<TestEvent> bus = new EventBus<>(Duration.ofMillis(200));
        bus.register("stuck report", Delivery.background(warn), on -> on.event(Ping.class, e -> await(release)));
        bus.publish(new Ping(1));
        try {
            bus.close();
            assertThat(warnings).containsExactly(
                    "the stuck report did not finish within 200 ms after the run; it goes on in the background | null");
        } finally {
            release.countDown();
        }
    }

    @Test
    void handlersCannotBeAddedAfterRegistration() {
        List<Subscriptions<TestEvent>> kept = new ArrayList<>();
        try (EventBus<TestEvent> bus = new EventBus<>()) {
            bus.register("sneaky", Delivery.synchronous(), kept::add);
            assertThatThrownBy(() -> kept.get(0).event(Ping.class, e -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("sneaky");
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
