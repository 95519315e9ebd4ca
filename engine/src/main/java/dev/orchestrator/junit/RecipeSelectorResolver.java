package dev.orchestrator.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.internal.Printable;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.internal.RecipeProblem;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.recipe.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.commons.support.ResourceSupport;
import org.junit.platform.commons.io.Resource;
import org.junit.platform.commons.io.ResourceFilter;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * Turns selectors into recipe and step descriptors. Files, folders, classpath resources (a recipe or a
 * folder of them), classpath roots and packages (their {@code recipes/} folders, or the
 * {@link Constants#RECIPES} glob), and unique ids of recipes and steps.
 */
final class RecipeSelectorResolver implements SelectorResolver {

    private final OrchestratorConfiguration config;
    private final RecipeRegistry registry;
    private final UniqueId engineId;
    private final Sources sources;

    /**
     * @param engineId the engine's own unique id: {@code [engine:orchestrator]}, or longer inside a suite
     * @param sources  how descriptors point into recipe files
     */
    RecipeSelectorResolver(OrchestratorConfiguration config, RecipeRegistry registry, UniqueId engineId,
                           Sources sources) {
        this.config = config;
        this.registry = registry;
        this.engineId = engineId;
        this.sources = sources;
    }

    @Override
    public Resolution resolve(FileSelector selector, Context context) {
        Path file = selector.getPath().toAbsolutePath().normalize();
        if (!RecipeFiles.isYaml(file.getFileName().toString())) {
            return Resolution.unresolved();
        }
        return resolveRecipe(RecipeSource.ofFile(file, config.workspace()), context,
                selector.getPosition().map(FilePosition::getLine));
    }

    @Override
    public Resolution resolve(DirectorySelector selector, Context context) {
        List<Path> files = RecipeFiles.recipesUnder(selector.getPath().toAbsolutePath().normalize()).stream()
                .filter(f -> globAllows(config.workspace().relativize(f).toString())).toList();
        return toSelectors(files.stream().map(f -> selectFile(f.toFile())).collect(Collectors.toList()));
    }

    @Override
    public Resolution resolve(ClasspathResourceSelector selector, Context context) {
        String name = stripSlash(selector.getClasspathResourceName());
        if (!RecipeFiles.isYaml(name)) {
            return resourcesInFolder(name);
        }
        Set<Match> matches = new LinkedHashSet<>();
        for (Resource resource : selector.getResources()) {
            RecipeSource source = workspaceCopyOf(name).orElseGet(
                    () -> RecipeSource.ofResource(name, resource.getUri()));
            Resolution resolution = resolveRecipe(source, context, selector.getPosition().map(FilePosition::getLine));
            matches.addAll(resolution.getMatches());
            // one recipe per name: a second copy (another jar) would be a duplicate test_id
            break;
        }
        return matches.isEmpty() ? Resolution.unresolved() : Resolution.matches(matches);
    }

    @Override
    public Resolution resolve(ClasspathRootSelector selector, Context context) {
        if (config.recipesGlob().isPresent()) {
            return globSelectors();
        }
        return resourceSelectors(ResourceSupport.findAllResourcesInClasspathRoot(
                selector.getClasspathRoot(), ResourceFilter.of(RecipeSelectorResolver::isRecipeResource)));
    }

    @Override
    public Resolution resolve(PackageSelector selector, Context context) {
        if (config.recipesGlob().isPresent()) {
            return globSelectors();
        }
        return resourceSelectors(ResourceSupport.findAllResourcesInPackage(
                selector.getPackageName(), ResourceFilter.of(r -> RecipeFiles.isYaml(r.getName()))));
    }

    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        UniqueId uniqueId = selector.getUniqueId();
        if (!uniqueId.hasPrefix(engineId)) {
            return Resolution.unresolved();
        }
        List<UniqueId.Segment> segments = uniqueId.getSegments().subList(
                engineId.getSegments().size(), uniqueId.getSegments().size());
        if (segments.isEmpty() || !segments.get(0).getType().equals(RecipeDescriptor.SEGMENT)) {
            return Resolution.unresolved();
        }
        if (segments.size() == 1) {
            return registry.sourceOf(segments.get(0).getValue())
                    .map(source -> resolveRecipe(source, context, Optional.empty()))
                    .orElseGet(Resolution::unresolved);
        }
        if (segments.size() == 2 && segments.get(1).getType().equals(StepDescriptor.SEGMENT)) {
            UniqueId recipeId = uniqueId.removeLastSegment();
            String stepName = segments.get(1).getValue();
            return context.addToParent(() -> selectUniqueId(recipeId), parent -> stepOf(parent, stepName))
                    .map(step -> Resolution.match(Match.exact(step)))
                    .orElseGet(Resolution::unresolved);
        }
        return Resolution.unresolved();
    }

    /**
     * The recipe of {@code source}; with a {@code line}, only the step at that line ({@link StepAtLine}), or
     * every step when the line is outside the steps.
     */
    private Resolution resolveRecipe(RecipeSource source, Context context, Optional<Integer> line) {
        LoadResult loaded = registry.register(source);
        Optional<RecipeDescriptor> descriptor = context.addToParent(parent -> Optional.of(new RecipeDescriptor(
                parent.getUniqueId().append(RecipeDescriptor.SEGMENT, RecipeRegistry.idOf(loaded)),
                displayName(loaded), loaded, sources.of(loaded))));
        return descriptor.map(d -> Resolution.match(Match.exact(d, () -> stepSelectors(d, line))))
                .orElseGet(Resolution::unresolved);
    }

    private static Set<DiscoverySelector> stepSelectors(RecipeDescriptor descriptor, Optional<Integer> line) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        descriptor.recipe().ifPresent(recipe -> {
            Optional<Step> atLine = line.flatMap(l -> StepAtLine.find(recipe, l));
            (atLine.isPresent() ? List.of(atLine.get()) : recipe.steps()).forEach(step -> selectors.add(
                    selectUniqueId(descriptor.getUniqueId().append(StepDescriptor.SEGMENT, step.name()))));
        });
        return selectors;
    }

    private Optional<StepDescriptor> stepOf(TestDescriptor parent, String stepName) {
        if (!(parent instanceof RecipeDescriptor recipeDescriptor)) {
            return Optional.empty();
        }
        Optional<Recipe> recipe = recipeDescriptor.recipe();
        return recipe.flatMap(r -> r.step(stepName)).map(step -> new StepDescriptor(
                parent.getUniqueId().append(StepDescriptor.SEGMENT, step.name()), recipe.get(), step,
                config.qualifiedStepNames(), sources.of(recipe.get().source(), step.position())));
    }

    private static String displayName(LoadResult loaded) {
        if (loaded instanceof LoadResult.Valid valid) {
            return valid.recipe().testId();
        }
        LoadResult.Invalid invalid = (LoadResult.Invalid) loaded;
        return invalid.testId().orElse(Printable.escape(invalid.source().displayName())) + " (invalid recipe: "
                + Counts.of(invalid.problems().size(), "problem") + ")";
    }

    /** A classpath copy of a workspace recipe (for example {@code recipes/x.yaml} copied to test-classes) runs as the workspace file. */
    private Optional<RecipeSource> workspaceCopyOf(String resourceName) {
        Path candidate = config.workspace().resolve(resourceName).normalize();
        return candidate.startsWith(config.workspace()) && Files.isRegularFile(candidate)
                ? Optional.of(RecipeSource.ofFile(candidate, config.workspace()))
                : Optional.empty();
    }

    private Resolution resourcesInFolder(String folder) {
        String packageName = folder.replace('/', '.');
        try {
            return resourceSelectors(ResourceSupport.findAllResourcesInPackage(packageName,
                    ResourceFilter.of(r -> RecipeFiles.isYaml(r.getName()) && globAllows(r.getName()))));
        } catch (RuntimeException notAPackageName) {
            return Resolution.unresolved();
        }
    }

    /**
     * Under a suite ({@code @SelectClasspathResource("recipes")}) or a folder selector, {@link Constants#RECIPES}
     * filters the recipes found in the folder by their resource name or workspace-relative path.
     */
    private boolean globAllows(String relativePath) {
        return config.recipesGlob().map(glob -> java.nio.file.FileSystems.getDefault()
                .getPathMatcher("glob:" + glob).matches(Path.of(relativePath))).orElse(true);
    }

    private Resolution globSelectors() {
        String glob = config.recipesGlob().orElseThrow();
        return toSelectors(RecipeFiles.matching(config.workspace(), glob).stream()
                .map(f -> selectFile(f.toFile())).collect(Collectors.toList()));
    }

    private static Resolution resourceSelectors(List<Resource> resources) {
        return toSelectors(resources.stream().map(Resource::getName).distinct()
                .map(name -> selectClasspathResource(name)).collect(Collectors.toList()));
    }

    private static Resolution toSelectors(List<? extends DiscoverySelector> selectors) {
        return selectors.isEmpty() ? Resolution.unresolved() : Resolution.selectors(new LinkedHashSet<>(selectors));
    }

    /** A recipe on the class path lives in a {@code recipes} folder (at any depth) and ends in .yaml/.yml. */
    static boolean isRecipeResource(Resource resource) {
        String name = resource.getName();
        return RecipeFiles.isYaml(name) && (name.startsWith("recipes/") || name.contains("/recipes/"));
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    static String describe(List<RecipeProblem> problems) {
        return problems.stream().map(RecipeProblem::toString).collect(Collectors.joining("\n"));
    }
}
