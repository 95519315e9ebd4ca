package dev.orchestrator.junit;

import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.report.internal.ReportPlugins;
import dev.orchestrator.report.ReportSettings;
import dev.orchestrator.context.internal.Durability;
import dev.orchestrator.execution.internal.ContractMode;
import dev.orchestrator.execution.cache.internal.CacheSettings;
import dev.orchestrator.execution.cache.internal.Sizes;
import dev.orchestrator.execution.internal.PythonWorkers;
import dev.orchestrator.scriptlet.internal.ScriptletClassPath;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The engine's configuration, parsed once at discovery from {@link ConfigurationParameters}; every key is in
 * {@link Constants} and {@code docs/configuration.md}. Bad values do not throw: they are listed in
 * {@link #problems()} (and reported by discovery, naming the key), and the key's default is used.
 *
 * @param workspace   absolute, normalised workspace folder
 * @param recipesGlob the {@link Constants#RECIPES} glob, if set
 * @param only        step names to run (empty: all)
 * @param skip        step names to leave out
 * @param resumeFrom  the step to resume from, if set
 * @param parallelism most steps running at once across the launch
 * @param python      the Python interpreter command
 * @param runId       this execution's run id
 * @param qualifiedStepNames true: steps are displayed as {@code <test_id> - <step>}
 * @param parallelismExplicit true: {@link Constants#PARALLELISM} was set (false: the processor count)
 * @param reports     which reports to write and where
 * @param problems    one message per bad value, naming the key and the accepted values
 * @param logMaxBytes the {@link Constants#LOG_MAX_BYTES} cap of a step's output in its log
 * @param durability  what a finished step's ctx checkpoint survives
 * @param origin      who started the run ({@link RunOrigin}): configured, else detected
 * @param classPath   the {@link Constants#CLASSPATH} entries, absolute; empty when not set
 * @param contracts   the {@link Constants#CONTRACTS} mode: what an undeclared ctx write does at run time
 * @param cache       the {@link Constants#CACHE} mode and the {@link Constants#CACHE_MAX_SIZE} cap
 * @param pythonWorker {@link Constants#PYTHON_WORKER} and {@link Constants#PYTHON_PRELOAD}
 * @param sampleResources {@link Constants#RESOURCES_SAMPLE} is {@code on}: process steps are sampled in /proc
 */
record OrchestratorConfiguration(Path workspace, Optional<String> recipesGlob, Set<String> only, Set<String> skip,
                                 Optional<String> resumeFrom, int parallelism, String python, String runId,
                                 boolean qualifiedStepNames, boolean parallelismExplicit, ReportSettings reports,
                                 List<String> problems, long logMaxBytes, Durability durability,
                                 String origin, List<Path> classPath, ContractMode contracts,
                                 CacheSettings cache, PythonWorkers.Config pythonWorker,
                                 boolean sampleResources) {

    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    OrchestratorConfiguration {
        only = Set.copyOf(only);
        skip = Set.copyOf(skip);
        problems = List.copyOf(problems);
        classPath = List.copyOf(classPath);
    }

    static OrchestratorConfiguration from(ConfigurationParameters params) {
        ConfigReader read = new ConfigReader(params);
        Path workspace = Path.of(read.string(Constants.WORKSPACE).orElse(".")).toAbsolutePath().normalize();
        Optional<Integer> parallelism = read.integer(Constants.PARALLELISM, 1);
        ReportSettings reports = reports(read, workspace);
        long logMaxBytes = read.longInteger(Constants.LOG_MAX_BYTES, 1).orElse(104_857_600L);
        Durability durability = Durability.parse(read.choice(Constants.DURABILITY,
                Set.of("process-crash", "power-loss", "none"), "process-crash"));
        String origin = RunOrigin.of(Optional.ofNullable(read.choice(Constants.ORIGIN, RunOrigin.NAMES, null)));
        List<Path> classPath = read.parsed(Constants.CLASSPATH,
                "existing folders or jars, comma-separated, relative to the workspace", value -> {
                    List<Path> entries = ScriptletClassPath.parse(value, workspace);
                    return entries.stream().allMatch(java.nio.file.Files::exists) ? entries : null;
                }).orElse(List.of());
        ContractMode contracts = ContractMode.of(read.choice(Constants.CONTRACTS, ContractMode.NAMES, "error"));
        CacheSettings cache = new CacheSettings(CacheSettings.Mode.parse(read.choice(Constants.CACHE,
                CacheSettings.Mode.NAMES, "read-write")),
                read.parsed(Constants.CACHE_MAX_SIZE, Sizes.ACCEPTED, Sizes::parse).orElse(0L));
        PythonWorkers.Config pythonWorker = pythonWorker(read);
        boolean sampleResources = "on".equals(read.choice(Constants.RESOURCES_SAMPLE, Set.of("off", "on"), "off"));
        // keys with checked values are read before read.problems() below, which must see all of their bad values
        return new OrchestratorConfiguration(
                workspace,
                read.string(Constants.RECIPES),
                read.list(Constants.ONLY),
                read.list(Constants.SKIP),
                read.string(Constants.RESUME_FROM),
                parallelism.orElse(Runtime.getRuntime().availableProcessors()),
                read.string(Constants.PYTHON).orElse("python3"),
                read.string(Constants.RUN_ID).orElseGet(OrchestratorConfiguration::newRunId),
                "recipe-and-name".equals(read.choice(Constants.STEP_DISPLAY_NAME, Set.of("name", "recipe-and-name"),
                        "name")),
                parallelism.isPresent(),
                reports,
                read.problems(),
                logMaxBytes,
                durability,
                origin,
                classPath,
                contracts,
                cache,
                pythonWorker,
                sampleResources);
    }

    private static PythonWorkers.Config pythonWorker(ConfigReader read) {
        boolean on = "on".equals(read.choice(Constants.PYTHON_WORKER, Set.of("on", "off"), "on"));
        List<String> preload = read.parsed(Constants.PYTHON_PRELOAD, "comma-separated Python module names",
                value -> {
                    List<String> names = java.util.Arrays.stream(value.split(",")).map(String::strip)
                            .filter(name -> !name.isEmpty()).toList();
                    return names.stream().allMatch(name -> name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*"))
                            ? names : null;
                }).orElse(List.of());
        return new PythonWorkers.Config(on, preload);
    }

    private static ReportSettings reports(ConfigReader read, Path workspace) {
        Optional<String> resultsDir = read.string(Constants.ALLURE_RESULTS_DIR);
        Optional<String> allureDir = read.string(ReportKeys.ALLURE_RESULTS_DIRECTORY);
        Optional<String> project = read.string(Constants.PROJECT);
        ClassLoader classPath = Thread.currentThread().getContextClassLoader();
        ReportPlugins.Choice chosen = reportChoice(read, workspace, classPath);
        boolean clean = read.bool(Constants.ALLURE_CLEAN, false);
        boolean databaseRaw = "raw".equals(read.choice(Constants.DATABASE_SECRETS, Set.of("masked", "raw"), "masked"));
        try {
            return ReportSettings.of(workspace, resultsDir, allureDir, classPath, project, chosen.names(), clean,
                    databaseRaw, chosen.outputs())
                    .withShard(read.string(Constants.SHARD).orElse(null));
        } catch (java.io.UncheckedIOException unreadable) {
            read.problem(ReportKeys.ALLURE_RESULTS_DIRECTORY, "(allure.properties)",
                    "a readable allure.properties on the class path: " + unreadable.getMessage());
            return ReportSettings.of(workspace, resultsDir, allureDir, null, project, chosen.names(), clean,
                    databaseRaw, chosen.outputs())
                    .withShard(read.string(Constants.SHARD).orElse(null));
        }
    }

    /**
     * {@code none}, or report names ({@code name:path} gives an output location); not set: every report on the
     * class path. An unknown name, or one whose plugin is not on the class path, is a problem naming the artifact.
     */
    private static ReportPlugins.Choice reportChoice(ConfigReader read, Path workspace, ClassLoader classPath) {
        ReportPlugins.Choice chosen = ReportPlugins.on(classPath).choose(read.string(Constants.REPORTS), workspace);
        chosen.problems().forEach(p -> read.problem(Constants.REPORTS, p.value(), p.expected()));
        return chosen;
    }

    static String newRunId() {
        return RUN_STAMP.format(LocalDateTime.now(ZoneOffset.UTC)) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
