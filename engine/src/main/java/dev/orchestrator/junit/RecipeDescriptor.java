package dev.orchestrator.junit;

import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** A recipe: a container whose children are its steps; an invalid recipe has none and fails when run. */
final class RecipeDescriptor extends AbstractTestDescriptor {

    static final String SEGMENT = "recipe";

    private final LoadResult loaded;

    RecipeDescriptor(UniqueId uniqueId, String displayName, LoadResult loaded, TestSource source) {
        super(uniqueId, displayName, source);
        this.loaded = loaded;
    }

    LoadResult loaded() {
        return loaded;
    }

    Optional<Recipe> recipe() {
        return loaded instanceof LoadResult.Valid valid ? Optional.of(valid.recipe()) : Optional.empty();
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public Set<TestTag> getTags() {
        return recipe().map(r -> Tags.of(r.meta().tags())).orElse(Set.of());
    }

    /** An invalid recipe has no steps but must still be reported (red), so the launcher must not prune it. */
    @Override
    public boolean mayRegisterTests() {
        return loaded instanceof LoadResult.Invalid;
    }
}
