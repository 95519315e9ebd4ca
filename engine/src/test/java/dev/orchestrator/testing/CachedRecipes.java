package dev.orchestrator.testing;

/** Recipes for the tests of how reports show a step served from the step cache (docs/caching.md). */
public final class CachedRecipes {

    private CachedRecipes() {
    }

    /**
     * A recipe {@code testId} of two steps: {@code load} is cached (a second run serves it from the cache) and
     * {@code check}, which depends on it, runs every time.
     */
    public static String cachedLoadThenCheck(String testId) {
        return """
                test_meta: {test_id: %s, tester: qa, description: a cached step and one that runs}
                steps:
                  - {idx: 1, name: load, type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {rows: 3}}, cache: true}
                  - {idx: 2, name: check, type: java, class: dev.orchestrator.testing.Scriptlets$Put, depends_on: [load]}
                """.formatted(testId);
    }
}
