package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

class SynchronizedExecutionListenerTest {

    @Test
    void passesEveryEventOnOneAtATime() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger events = new AtomicInteger();
        EngineExecutionListener slow = new EngineExecutionListener() {
            @Override
            public void executionStarted(TestDescriptor descriptor) {
                mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(20);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                events.incrementAndGet();
                inside.decrementAndGet();
            }

            @Override
            public void executionFinished(TestDescriptor descriptor, TestExecutionResult result) {
                executionStarted(descriptor);
            }
        };
        EngineExecutionListener listener = new SynchronizedExecutionListener(slow);
        TestDescriptor descriptor = new EngineDescriptor(UniqueId.forEngine("orchestrator"), "orchestrator");
        CyclicBarrier start = new CyclicBarrier(4);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 200; i++) {
                    listener.executionStarted(descriptor);
                    listener.executionFinished(descriptor, TestExecutionResult.successful());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertThat(events).hasValue(4 * 200 * 2);
        assertThat(mostInside).hasValue(1);
    }
}
