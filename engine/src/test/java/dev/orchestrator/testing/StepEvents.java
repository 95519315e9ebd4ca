package dev.orchestrator.testing;

import java.util.List;
import org.assertj.core.api.Condition;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.Event;

/** AssertJ conditions on orchestrator events, by recipe and step (exact unique-id segments). */
public final class StepEvents {

    private StepEvents() {
    }

    /** Events of the step named {@code name}. */
    public static Condition<Event> step(String name) {
        return new Condition<>(e -> lastSegmentIs(e, "step", name), "step '%s'", name);
    }

    /** Events of the recipe container whose unique-id value is {@code id} (its test_id). */
    public static Condition<Event> recipe(String id) {
        return new Condition<>(e -> lastSegmentIs(e, "recipe", id), "recipe '%s'", id);
    }

    private static boolean lastSegmentIs(Event event, String type, String value) {
        List<UniqueId.Segment> segments = event.getTestDescriptor().getUniqueId().getSegments();
        UniqueId.Segment last = segments.get(segments.size() - 1);
        return last.getType().equals(type) && last.getValue().equals(value);
    }
}
