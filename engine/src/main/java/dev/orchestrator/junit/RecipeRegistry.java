package dev.orchestrator.junit;

import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.recipe.internal.RecipeProblem;
import dev.orchestrator.recipe.RecipeSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.commons.support.ResourceSupport;
import org.junit.platform.commons.io.Resource;
import org.junit.platform.commons.io.ResourceFilter;

/**
 * The recipes of one discovery: loads them (through the engine's cache), refuses a second recipe with a
 * {@code test_id} already taken, and finds a recipe by id when only a unique id is selected (IDE reruns,
 * Surefire's {@code rerunFailingTestsCount}).
 */
final class RecipeRegistry {

    private final OrchestratorConfiguration config;
    private final RecipeLoader loader;
    private final RecipeCache cache;
    private final Map<String, RecipeSource> owners = new HashMap<>();
    private Map<String, RecipeSource> index;

    RecipeRegistry(OrchestratorConfiguration config, RecipeLoader loader, RecipeCache cache) {
        this.config = config;
        this.loader = loader;
        this.cache = cache;
    }

    /** Loads {@code source}; a valid recipe whose test_id another source already has becomes invalid. */
    synchronized LoadResult register(RecipeSource source) {
        LoadResult loaded = cache.load(loader, config.workspace(), source);
        if (!(loaded instanceof LoadResult.Valid valid)) {
            return loaded;
        }
        Recipe recipe = valid.recipe();
        RecipeSource owner = owners.putIfAbsent(recipe.testId(), source);
        if (owner != null && !owner.uri().equals(source.uri())) {
            return new LoadResult.Invalid(source, Optional.of(recipe.testId()), List.of(new RecipeProblem(
                    source.displayName(), recipe.meta().position(),
                    "duplicate test_id '" + recipe.testId() + "': " + owner.displayName()
                            + " already uses it; test_id must be unique among discovered recipes")));
        }
        return loaded;
    }

    /** The unique-id value of a recipe: its test_id, or for an invalid recipe the file it came from. */
    static String idOf(LoadResult loaded) {
        return loaded instanceof LoadResult.Valid valid ? valid.recipe().testId() : loaded.source().displayName();
    }

    /** The recipe whose unique-id value is {@code id}, looked up among the recipes this launch can see. */
    synchronized Optional<RecipeSource> sourceOf(String id) {
        if (owners.containsKey(id)) {
            return Optional.of(owners.get(id));
        }
        if (index == null) {
            index = buildIndex();
        }
        return Optional.ofNullable(index.get(id));
    }

    private Map<String, RecipeSource> buildIndex() {
        List<RecipeSource> candidates = new ArrayList<>();
        Path workspace = config.workspace();
        config.recipesGlob().ifPresent(glob -> RecipeFiles.matching(workspace, glob)
                .forEach(f -> candidates.add(RecipeSource.ofFile(f, workspace))));
        RecipeFiles.recipesUnder(workspace.resolve("recipes"))
                .forEach(f -> candidates.add(RecipeSource.ofFile(f, workspace)));
        try {
            for (Resource resource : ResourceSupport.findAllResourcesInPackage("recipes",
                    ResourceFilter.of(r -> RecipeFiles.isYaml(r.getName())))) {
                candidates.add(RecipeSource.ofResource(resource.getName(), resource.getUri()));
            }
        } catch (RuntimeException noRecipesOnClasspath) {
            // nothing on the class path: files only
        }
        Map<String, RecipeSource> found = new HashMap<>();
        for (RecipeSource candidate : candidates) {
            found.putIfAbsent(idOf(cache.load(loader, workspace, candidate)), candidate);
        }
        return found;
    }
}
