package dev.orchestrator.junit;

import static org.apiguardian.api.API.Status.STABLE;

import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.scriptlet.internal.ScriptletClassPath;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;

/**
 * The {@code orchestrator} JUnit Platform engine: YAML recipes are containers, their steps are tests.
 * Registered through {@code META-INF/services/org.junit.platform.engine.TestEngine}; configured through
 * the keys in {@link Constants}.
 */
@API(status = STABLE, since = "0.1")
public final class OrchestratorTestEngine implements TestEngine {

    private final RecipeCache cache = new RecipeCache();
    private final RerunMemory memory = new RerunMemory();

    @Override
    public String getId() {
        return Constants.ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.orchestrator");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("orchestrator-engine");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        OrchestratorConfiguration config = OrchestratorConfiguration.from(request.getConfigurationParameters());
        SelectionConfiguration selection = SelectionConfiguration.from(request.getConfigurationParameters(),
                config.workspace());
        ShardConfiguration scale = ShardConfiguration.from(request.getConfigurationParameters(), System.getenv(),
                config);
        OrchestratorEngineDescriptor engine = new OrchestratorEngineDescriptor(uniqueId, config, selection, scale);
        Sources sources = new Sources(config.workspace(), selection.sourceRoots());
        ClassLoader classLoader = ScriptletClassPath.loader(config.classPath(),
                Thread.currentThread().getContextClassLoader());
        RecipeRegistry registry = new RecipeRegistry(config, new RecipeLoader(config.workspace(), classLoader), cache);
        DiscoveryIssueReporter issues = DiscoveryIssueReporter.deduplicating(
                DiscoveryIssueReporter.forwarding(request.getDiscoveryListener(), uniqueId));
        EngineDiscoveryRequestResolver.<OrchestratorEngineDescriptor>builder()
                .addSelectorResolver(context -> new RecipeSelectorResolver(config, registry, uniqueId, sources))
                .build()
                .resolve(SelectedRequest.of(request, selection, uniqueId, config.workspace()), engine, issues);
        if (scale.problems().isEmpty() && shardsThisRequest(request, selection)) {
            boolean discovered = !engine.getChildren().isEmpty();
            scale.shard().ifPresent(shard -> ShardSelection.apply(engine, shard, scale, System.getenv(), classLoader,
                    warning -> issues.reportIssue(DiscoveryIssue.builder(DiscoveryIssue.Severity.WARNING,
                            Constants.SHARD + ": " + warning))));
            engine.emptyShard(scale.shard().isPresent() && discovered && engine.getChildren().isEmpty());
        }
        reportConfigurationProblems(config.problems(), issues);
        reportConfigurationProblems(selection.problems(), issues);
        reportConfigurationProblems(scale.problems(), issues);
        warnAboutInvalidRecipes(engine, issues);
        return engine;
    }

    /**
     * A shard is chosen out of the recipes a launch discovers, so it applies to launches that discover a suite,
     * not to those that name exactly what to run: unique ids only (IDE and Surefire reruns of what a shard
     * ran) or {@link Constants#SELECT} entries (a shard's rerun file). Planned over those few recipes, the
     * rerun of a shard's failure could land in another shard and run nothing.
     */
    private static boolean shardsThisRequest(EngineDiscoveryRequest request, SelectionConfiguration selection) {
        List<DiscoverySelector> selectors = request.getSelectorsByType(DiscoverySelector.class);
        boolean onlyUniqueIds = !selectors.isEmpty() && selectors.stream().allMatch(UniqueIdSelector.class::isInstance);
        return selection.select().isEmpty() && !onlyUniqueIds;
    }

    /**
     * A bad configuration value is an ERROR: under the platform's defaults the launch then fails before
     * anything runs, with this message naming the key (rather than a stack trace out of discovery).
     */
    private static void reportConfigurationProblems(List<String> problems, DiscoveryIssueReporter issues) {
        problems.forEach(problem -> issues.reportIssue(
                DiscoveryIssue.builder(DiscoveryIssue.Severity.ERROR, problem)));
    }

    /**
     * An invalid recipe fails as its own container at execution; a WARNING here also shows it in discovery
     * output. (An ERROR issue would, under the platform's defaults, stop every recipe of the launch.)
     */
    private static void warnAboutInvalidRecipes(OrchestratorEngineDescriptor engine, DiscoveryIssueReporter issues) {
        for (TestDescriptor child : engine.getChildren()) {
            RecipeDescriptor recipe = (RecipeDescriptor) child;
            if (recipe.loaded() instanceof LoadResult.Invalid invalid) {
                issues.reportIssue(DiscoveryIssue.builder(DiscoveryIssue.Severity.WARNING,
                                new RecipeInvalidException(invalid).getMessage())
                        .source(recipe.getSource()));
            }
        }
    }

    @Override
    public void execute(ExecutionRequest request) {
        new EngineExecution(request, memory).run();
    }
}
