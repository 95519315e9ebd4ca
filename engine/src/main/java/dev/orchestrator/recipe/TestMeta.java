package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A recipe's {@code test_meta} block.
 *
 * @param testId      unique id of the recipe among discovered recipes ({@code [A-Za-z0-9_.-]+})
 * @param tester      who owns the recipe
 * @param description what the recipe checks
 * @param tags        JUnit tags of the recipe and every step in it; never null
 * @param raw         the whole block as JSON (including keys the engine does not interpret), put into
 *                    ctx under {@code test_meta} before the first step; callers must not mutate it
 * @param position    where the block starts
 */
@API(status = EXPERIMENTAL)
public record TestMeta(String testId, String tester, String description, List<String> tags,
                       ObjectNode raw, Position position) {

    public TestMeta {
        tags = List.copyOf(tags);
    }
}
