package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.execution.CompositeRunListener;
import dev.orchestrator.execution.RunListener;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Listeners that pass events on must pass on every event: RunListener's methods have empty defaults, so a
 * wrapper that forgets to override a new one silently drops it.
 */
class ForwardingListenersTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev.orchestrator.execution.CompositeRunListener", "dev.orchestrator.report.IsolatingListener",
            "dev.orchestrator.report.Reports$Lazy", "dev.orchestrator.report.BackgroundListener"})
    void everyEventIsForwarded(String className) throws Exception {
        Class<?> wrapper = Class.forName(className);
        for (Method event : RunListener.class.getDeclaredMethods()) {
            Method implementation = wrapper.getMethod(event.getName(), event.getParameterTypes());
            assertThat(implementation.getDeclaringClass()).as(className + " forwards " + event.getName())
                    .isEqualTo(wrapper);
        }
        assertThat(List.of(CompositeRunListener.class.getInterfaces())).contains(RunListener.class);
    }
}
