package dev.orchestrator.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.junit.Constants;
import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.schedule.internal.RecipeHistory;
import dev.orchestrator.schedule.internal.ShardPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator shards --count N}: the plan {@code run --shard K/N} (or {@code orchestrator.shard}) follows,
 * without running anything: which recipes each shard gets, its steps and its expected duration (from the run
 * database's recorded durations; without any, recipes are spread by step count).
 */
@Command(name = "shards", mixinStandardHelpOptions = true,
        description = "Print how a run split into N shards spreads its recipes (nothing runs).")
final class ShardsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-n", "--count"}, required = true, paramLabel = "N", description = "How many shards.")
    int count;

    @Option(names = {"-r", "--recipe"}, paramLabel = "FILE|GLOB",
            description = "The recipes of the run, as given to run. Default: recipes/*.yaml. Repeatable.")
    List<String> recipes = new ArrayList<>();

    @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE",
            description = "orchestrator.database.url (where durations are read) and orchestrator.run-id (whose own "
                    + "rows are left out), as given to run.")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (count < 1) {
            throw new UsageException("--count must be at least 1, found " + count);
        }
        Path root = workspace.root();
        RecipeFinder finder = new RecipeFinder(root);
        List<Path> files = recipes.isEmpty() ? finder.defaults() : finder.find(recipes);
        List<ShardPlan.Item> items = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Path file : files) {
            LoadResult loaded = finder.load(file);
            // the engine's unique-id value: an invalid recipe (no steps) still belongs to one shard
            String id = loaded instanceof LoadResult.Valid valid ? valid.recipe().testId() : loaded.source().displayName();
            if (loaded instanceof LoadResult.Invalid) {
                err.println("warning: " + id + " is invalid (see orchestrator validate); it is placed with no steps");
            }
            if (ids.add(id)) {
                items.add(new ShardPlan.Item(id, loaded instanceof LoadResult.Valid v ? v.recipe().steps().size() : 0));
            }
        }
        Optional<String> url = Optional.ofNullable(config.get(Constants.DATABASE_URL)).filter(s -> !s.isBlank());
        String runId = config.getOrDefault(Constants.RUN_ID, "");
        Map<String, Duration> durations = RecipeHistory.load(new RecipeHistory.Query(root, url, System.getenv(), ids,
                runId), Thread.currentThread().getContextClassLoader(), warning -> err.println("warning: " + warning));
        ShardPlan plan = ShardPlan.of(items, count, durations);
        if (json) {
            out.println(toJson(plan));
        } else {
            print(plan, out);
        }
        return ExitCodes.OK;
    }

    private static void print(ShardPlan plan, PrintWriter out) {
        out.println(plan.timed() ? "by recorded durations (recipes without one: estimated from their steps)"
                : "by step count (no recorded durations)");
        for (ShardPlan.Part part : plan.parts()) {
            out.printf("shard %s: %s, %s%s%n", part.shard(), Counts.of(part.testIds().size(), "recipe"),
                    Counts.of(part.steps(), "step"),
                    part.expected().map(d -> ", expected " + Durations.elapsed(d)).orElse(""));
            part.testIds().forEach(id -> out.println("  " + id));
        }
    }

    private static String toJson(ShardPlan plan) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("by", plan.timed() ? "duration" : "steps");
        ArrayNode shards = root.putArray("shards");
        for (ShardPlan.Part part : plan.parts()) {
            ObjectNode node = shards.addObject();
            node.put("shard", part.shard().toString());
            node.put("steps", part.steps());
            part.expected().ifPresent(d -> node.put("expected_ms", d.toMillis()));
            ArrayNode list = node.putArray("recipes");
            part.testIds().forEach(list::add);
        }
        return root.toPrettyString();
    }
}
