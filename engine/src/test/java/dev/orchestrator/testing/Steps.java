package dev.orchestrator.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.recipe.Settings;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepType;
import dev.orchestrator.recipe.Success;
import dev.orchestrator.recipe.TestMeta;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds recipe model objects in code, for tests that need a {@link Step} or {@link Recipe} without YAML:
 * {@code Steps.step("a").dependsOn("b").resources("db").threadSafe(false).build()}.
 *
 * <p>Unlike a recipe file, a built step depends on nothing unless told ({@code dependsOn} is taken as already
 * resolved). It is a Java step of a class that is never loaded.
 */
public final class Steps {

    private Steps() {
    }

    public static Builder step(String name) {
        return new Builder(name);
    }

    /** A recipe with default settings. */
    public static Recipe recipe(String testId, Step... steps) {
        return recipe(testId, Settings.DEFAULTS, steps);
    }

    public static Recipe recipe(String testId, Settings settings, Step... steps) {
        return recipe(testId, settings, Arrays.asList(steps));
    }

    public static Recipe recipe(String testId, Settings settings, List<Step> steps) {
        RecipeSource source = new RecipeSource(URI.create("memory:/" + testId + ".yaml"), Optional.empty(),
                testId + ".yaml");
        TestMeta meta = new TestMeta(testId, "tests", "built in a test", List.of(),
                JsonNodeFactory.instance.objectNode().put("test_id", testId), Position.START);
        return new Recipe(source, meta, settings, steps);
    }

    public static final class Builder {
        private final String name;
        private int idx;
        private List<String> dependsOn = List.of();
        private List<String> resources = List.of();
        private boolean threadSafe = true;
        private String when;

        private Builder(String name) {
            this.name = name;
        }

        public Builder idx(int idx) {
            this.idx = idx;
            return this;
        }

        public Builder dependsOn(String... names) {
            this.dependsOn = List.of(names);
            return this;
        }

        public Builder dependsOn(List<String> names) {
            this.dependsOn = new ArrayList<>(names);
            return this;
        }

        public Builder resources(String... names) {
            this.resources = List.of(names);
            return this;
        }

        public Builder threadSafe(boolean threadSafe) {
            this.threadSafe = threadSafe;
            return this;
        }

        public Builder when(String ctxKey) {
            this.when = ctxKey;
            return this;
        }

        public Step build() {
            Step.Limits none = Step.Limits.NONE;
            return new Step(idx, name, Step.Target.java("test.Unused" + name, null),
                    new Step.Scheduling(dependsOn, when, null, List.of()),
                    new Step.Limits(none.timeout(), none.retries(), none.retryDelay(), none.requiresProcess(), threadSafe,
                            resources),
                    Success.NONE, null, Position.START);
        }
    }
}
