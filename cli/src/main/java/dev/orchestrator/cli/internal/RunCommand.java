package dev.orchestrator.cli.internal;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.junit.Constants;
import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.internal.RecipeProblem;
import dev.orchestrator.recipe.Step;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.platform.commons.JUnitException;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator run}: runs recipes through the JUnit Platform launcher with the {@code orchestrator}
 * engine, exactly as {@code mvn test} does, with live progress and a summary.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run recipes (through the JUnit Platform launcher, like mvn test) and print a summary.",
        footer = {"", "Exit codes: 0 no step failed (skipped and aborted steps do not fail a run), 1 a step failed,"
                + " 2 invalid usage or invalid recipe."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-r", "--recipe"}, paramLabel = "FILE|GLOB", required = true,
            description = "A recipe file, or a glob under the workspace (quote it: 'recipes/*.yaml'). Repeatable.")
    List<String> recipes = new ArrayList<>();

    @Option(names = "--only", split = ",", paramLabel = "STEP", description = "Run only these steps (comma-separated).")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", split = ",", paramLabel = "STEP", description = "Leave these steps out (comma-separated).")
    List<String> skip = new ArrayList<>();

    @Option(names = "--resume-from", paramLabel = "STEP",
            description = "Start at this step; earlier steps are skipped and ctx comes from their checkpoints.")
    String resumeFrom;

    @Option(names = "--tags", paramLabel = "EXPR",
            description = "A JUnit tag expression, for example 'smoke & !slow'.")
    String tags;

    @Option(names = "--parallelism", paramLabel = "N", description = "Most steps running at once.")
    Integer parallelism;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Run only shard K of N (e.g. 2/4): every recipe is in exactly one shard; see orchestrator shards.")
    String shard;

    @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE",
            description = "Any engine configuration parameter, e.g. orchestrator.reports=none, "
                    + "orchestrator.allure.clean=true, orchestrator.run-id=nightly-42. Repeatable; the flags above win.")
    Map<String, String> extraConfig = new java.util.LinkedHashMap<>();

    @Option(names = "--no-cache",
            description = "Run every step, also those with cache: (orchestrator.cache=off); nothing is stored.")
    boolean noCache;

    @Mixin
    ClassPathOption classPath;

    @ArgGroup(exclusive = true)
    Verbosity verbosity = new Verbosity();

    @Option(names = "--json", description = "Print a machine-readable JSON summary on stdout (progress goes to stderr).")
    boolean json;

    /** --quiet and --verbose exclude each other. */
    static final class Verbosity {
        @Option(names = {"-q", "--quiet"}, description = "No progress lines; only the summary.")
        boolean quiet;

        @Option(names = {"-v", "--verbose"},
                description = "Full failure messages and each step's log file, attempts and resources.")
        boolean verbose;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = workspace.root();
        if (parallelism != null && parallelism < 1) {
            throw new UsageException("--parallelism must be at least 1, found " + parallelism);
        }
        List<Path> classPathEntries = classPath.entries(root, extraConfig);
        RecipeFinder finder = new RecipeFinder(root, dev.orchestrator.scriptlet.internal.ScriptletClassPath.loader(classPathEntries,
                Thread.currentThread().getContextClassLoader()));
        List<Path> files = finder.find(recipes);
        List<RecipeProblem> problems = new ArrayList<>();
        List<Recipe> loaded = validateUpFront(finder, files, problems);
        if (!problems.isEmpty()) {
            err.println("invalid recipe" + (problems.size() == 1 ? "" : "s") + " (" + Counts.of(problems.size(), "problem")
                    + "); nothing ran:");
            problems.forEach(p -> err.println(p.toString()));
            if (json) {
                ObjectNode summary = new ObjectMapper().createObjectNode();
                ArrayNode list = summary.putArray("problems");
                problems.forEach(p -> list.add(p.toString()));
                summary.put("exit_code", ExitCodes.INVALID);
                out.println(summary.toPrettyString());
            }
            return ExitCodes.INVALID;
        }
        checkStepNames(loaded);
        ConfigurationErrors configurationErrors = new ConfigurationErrors();
        LauncherDiscoveryRequest request = discoveryRequest(root, files, classPathEntries, configurationErrors);
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = null;
        // the launcher also logs discovery issues (through java.util.logging, with a trace): ours are printed
        // below as one line each, and recipes were validated above, so its log would only repeat them
        java.util.logging.Logger issueLog = java.util.logging.Logger.getLogger(ISSUE_LOGGER);
        java.util.logging.Level level = issueLog.getLevel();
        issueLog.setLevel(java.util.logging.Level.OFF);
        try {
            plan = launcher.discover(request);
        } catch (JUnitException critical) {
            // the launcher refuses a plan with critical issues; ours are bad configuration values, said below
            if (configurationErrors.messages.isEmpty()) {
                throw critical;
            }
        } finally {
            issueLog.setLevel(level);
        }
        if (!configurationErrors.messages.isEmpty()) {
            throw new UsageException(String.join(System.lineSeparator() + "error: ", configurationErrors.messages));
        }

        RunResults results = new RunResults();
        List<TestExecutionListener> listeners = new ArrayList<>(List.of(results));
        if (!verbosity.quiet) {
            PrintWriter progressOut = json ? err : out;
            listeners.add(new Progress(progressOut, !json && System.console() != null, verbosity.verbose, results));
        }
        // SIGTERM and SIGINT end the JVM through its shutdown hooks: the engine's kill the steps' processes and
        // delete their bridge folders; this one tells the user, instead of the run ending without a word
        Thread interrupted = new Thread(() -> {
            err.println("[orchestrator] interrupted: the running steps were stopped; the run is marked "
                    + "interrupted in the run database at the next start");
            err.flush();
        }, "orchestrator-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            launcher.execute(plan, listeners.toArray(TestExecutionListener[]::new));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already ending: the hook runs
            }
        }

        int code = results.exitCode();
        if (json) {
            out.println(toJson(results, code));
        } else {
            printSummary(results, out);
        }
        return code;
    }

    /** Every recipe loaded and checked before the launch; the problems of invalid ones are added to {@code problems}. */
    private static List<Recipe> validateUpFront(RecipeFinder finder, List<Path> files, List<RecipeProblem> problems) {
        List<Recipe> valid = new ArrayList<>();
        for (Path file : files) {
            LoadResult result = finder.load(file);
            if (result instanceof LoadResult.Valid ok) {
                valid.add(ok.recipe());
            } else {
                problems.addAll(((LoadResult.Invalid) result).problems());
            }
        }
        problems.addAll(ValidateCommand.duplicateTestIds(valid));
        return valid;
    }

    /** --only, --skip and --resume-from must name steps of the selected recipes: a typo would silently run nothing. */
    private void checkStepNames(List<Recipe> loaded) {
        Set<String> known = loaded.stream().flatMap(r -> r.steps().stream()).map(Step::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> named = new ArrayList<>(only);
        named.addAll(skip);
        if (resumeFrom != null) {
            named.add(resumeFrom);
        }
        List<String> unknown = named.stream().filter(n -> !known.contains(n)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new UsageException("no step named " + String.join(", ", unknown) + " in the selected recipes"
                    + " (steps: " + String.join(", ", known) + ")");
        }
    }

    /** The launcher request: one file selector per recipe, the orchestrator engine only, the flags as configuration. */
    LauncherDiscoveryRequest discoveryRequest(Path root, List<Path> files) {
        return discoveryRequest(root, files, classPath.entries(root, extraConfig), new ConfigurationErrors());
    }

    private static final String ISSUE_LOGGER = "org.junit.platform.launcher.core.DiscoveryIssueNotifier";

    /**
     * Errors the engine reports at discovery: a bad {@code -c} value (or flag) names its key there. They are
     * usage errors, so the run stops before anything starts (exit 2).
     */
    static final class ConfigurationErrors implements LauncherDiscoveryListener {
        final List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
            if (issue.severity().compareTo(DiscoveryIssue.Severity.ERROR) >= 0) {
                messages.add(issue.message());
            }
        }
    }

    private LauncherDiscoveryRequest discoveryRequest(Path root, List<Path> files, List<Path> classPathEntries,
                                                      ConfigurationErrors errors) {
        Map<String, String> config = new HashMap<>(extraConfig);
        config.put(Constants.WORKSPACE, root.toString());
        if (!classPathEntries.isEmpty()) {
            config.put(Constants.CLASSPATH, String.join(",", classPathEntries.stream().map(Path::toString).toList()));
        }
        // the run database and the monitor say who started a run; without this the engine would guess
        config.putIfAbsent(Constants.ORIGIN, "cli");
        if (!only.isEmpty()) {
            config.put(Constants.ONLY, String.join(",", only));
        }
        if (!skip.isEmpty()) {
            config.put(Constants.SKIP, String.join(",", skip));
        }
        if (resumeFrom != null) {
            config.put(Constants.RESUME_FROM, resumeFrom);
        }
        if (parallelism != null) {
            config.put(Constants.PARALLELISM, String.valueOf(parallelism));
        }
        if (shard != null) {
            config.put(Constants.SHARD, shard);
        }
        if (noCache) {
            config.put(Constants.CACHE, "off");
        }
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(files.stream().map(f -> selectFile(f.toFile())).toList())
                .filters(EngineFilter.includeEngines(Constants.ENGINE_ID))
                .configurationParameters(config)
                .listeners(errors);
        if (tags != null && !tags.isBlank()) {
            try {
                builder.filters(TagFilter.includeTags(tags));
            } catch (PreconditionViolationException e) {
                throw new UsageException("invalid --tags expression '" + tags + "': " + e.getMessage());
            }
        }
        return builder.build();
    }

    private void printSummary(RunResults results, PrintWriter out) {
        Table table = new Table("RECIPE", "STEP", "STATUS", "DURATION", "MESSAGE");
        List<String> invalid = new ArrayList<>();
        for (RunResults.RecipeResult recipe : results.recipes()) {
            for (RunResults.StepResult step : recipe.steps) {
                table.row(recipe.id, step.step, step.status, Durations.elapsed(step.duration),
                        Table.firstLine(step.cachedFrom != null && step.message.isEmpty()
                                ? "cached from run " + step.cachedFrom : step.message, 100));
            }
            if (recipe.failure != null) {
                invalid.add(recipe.id + ": " + recipe.failure.strip());
                if (recipe.steps.isEmpty()) {
                    table.row(recipe.id, "-", recipe.status(), Durations.elapsed(recipe.duration),
                            Table.firstLine(recipe.failure, 100));
                }
            }
        }
        if (!verbosity.quiet || !table.isEmpty()) {
            out.println();
            table.print(out);
        }
        invalid.forEach(out::println);
        out.printf("%s, %s: %d passed, %d failed, %d skipped, %d aborted in %s%n",
                Counts.of(results.recipes().size(), "recipe"),
                Counts.of(results.recipes().stream().mapToLong(r -> r.steps.size()).sum(), "step"),
                results.count(RunResults.Status.PASSED), results.count(RunResults.Status.FAILED),
                results.count(RunResults.Status.SKIPPED) + results.count(RunResults.Status.NOT_RUN),
                results.count(RunResults.Status.ABORTED), Durations.elapsed(results.total()));
    }

    private static String toJson(RunResults results, int code) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode recipesJson = root.putArray("recipes");
        for (RunResults.RecipeResult recipe : results.recipes()) {
            ObjectNode r = recipesJson.addObject();
            r.put("test_id", recipe.id);
            r.put("file", recipe.file);
            r.put("status", recipe.status());
            r.put("duration_ms", recipe.duration.toMillis());
            if (recipe.failure != null) {
                r.put("message", recipe.failure);
            }
            ArrayNode stepsJson = r.putArray("steps");
            for (RunResults.StepResult step : recipe.steps) {
                ObjectNode s = stepsJson.addObject();
                s.put("name", step.step);
                s.put("status", step.status.name());
                s.put("duration_ms", step.duration.toMillis());
                s.put("message", step.message);
                if (step.cachedFrom != null) {
                    s.put("cached_from", step.cachedFrom);
                }
            }
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("recipes", results.recipes().size());
        totals.put("steps", results.recipes().stream().mapToLong(r -> r.steps.size()).sum());
        totals.put("passed", results.count(RunResults.Status.PASSED));
        totals.put("failed", results.count(RunResults.Status.FAILED));
        totals.put("skipped", results.count(RunResults.Status.SKIPPED) + results.count(RunResults.Status.NOT_RUN));
        totals.put("aborted", results.count(RunResults.Status.ABORTED));
        totals.put("duration_ms", results.total().toMillis());
        root.put("exit_code", code);
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
