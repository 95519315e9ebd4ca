package dev.orchestrator.testing;

import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;

import org.assertj.core.api.Condition;
import org.junit.platform.testkit.engine.Event;

/** AssertJ conditions on orchestrator events, by recipe and step. */
public final class StepEvents {

    private StepEvents() {
    }

    /** Events of the step named {@code name}. */
    public static Condition<Event> step(String name) {
        return uniqueIdSubstring("[step:" + name + "]");
    }

    /** Events of the recipe whose test_id is {@code testId}. */
    public static Condition<Event> recipe(String testId) {
        return event(uniqueIdSubstring("[recipe:" + testId + "]"));
    }
}
