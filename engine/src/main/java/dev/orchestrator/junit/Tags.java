package dev.orchestrator.junit;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.platform.engine.TestTag;

/** Recipe tags as JUnit tags; names JUnit cannot use (blanks, reserved characters) are left out. */
final class Tags {

    private Tags() {
    }

    static Set<TestTag> of(Collection<String> names) {
        Set<TestTag> tags = new LinkedHashSet<>();
        for (String name : names) {
            if (TestTag.isValid(name)) {
                tags.add(TestTag.create(name.trim()));
            }
        }
        return tags;
    }
}
