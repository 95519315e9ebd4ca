package dev.orchestrator.junit;

import static org.apiguardian.api.API.Status.STABLE;

import dev.orchestrator.report.ReportKeys;
import org.apiguardian.api.API;

/**
 * Every configuration key of the {@code orchestrator} engine. Set them in {@code junit-platform.properties},
 * as {@code -Dkey=value} system properties, in Surefire's {@code configurationParameters}, with
 * {@code @ConfigurationParameter} on a suite, or with the console launcher's {@code --config key=value}.
 *
 * <p>{@code docs/configuration.md} lists every key with the values it accepts (a test keeps that table and
 * this class in step). A value outside them is a discovery error naming the key; nothing runs.
 */
@API(status = STABLE, since = "0.1")
public final class Constants {

    /** The engine's id: {@value}. */
    public static final String ENGINE_ID = "orchestrator";

    /**
     * The workspace folder; relative paths in recipes resolve against it. Default: the current
     * directory. A relative value resolves against the current directory.
     */
    public static final String WORKSPACE = "orchestrator.workspace";

    /**
     * A glob of recipe files under the workspace, for example {@code recipes/**}{@code /*.yaml}. Used when
     * the launch scans the class path (classpath-root or package selectors: {@code --scan-classpath}, an
     * IDE's "run all", or a suite with {@code @SelectPackages}); it then replaces the scan of {@code recipes/}
     * folders on the class path. Explicit file, resource and unique-id selectors are unaffected,
     * and class selectors never discover recipes (so Surefire's class scan does not run recipes twice).
     * Folder scans (a suite's {@code @SelectClasspathResource("recipes")}, a directory selector) keep only the
     * recipes whose resource name or workspace-relative path matches it.
     */
    public static final String RECIPES = "orchestrator.recipes";

    /** Comma-separated step names: run only these (others are reported skipped). Default: all. */
    public static final String ONLY = "orchestrator.only";

    /** Comma-separated step names to leave out (reported skipped). Default: none. */
    public static final String SKIP = "orchestrator.skip";

    /** A step name: run it and every step after it; earlier steps are reported skipped. Default: none. */
    public static final String RESUME_FROM = "orchestrator.resume-from";

    /**
     * Most steps running at once across the whole launch, a whole number of at least 1. When set, it caps every
     * recipe (a recipe without {@code settings.parallelism} runs up to this many steps). Default: available
     * processors, which a recipe's own explicit {@code settings.parallelism} overrules.
     */
    public static final String PARALLELISM = "orchestrator.parallelism";

    /**
     * The most bytes of a step's output (stdout and stderr) its log keeps; past it the log says it was
     * truncated and the rest is dropped. A positive number of bytes. Default: 104857600 (100 MiB).
     */
    public static final String LOG_MAX_BYTES = "orchestrator.log.max-bytes";

    /** The Python interpreter for {@code type: python} steps. Default: {@code python3} on the PATH. */
    public static final String PYTHON = "orchestrator.python";

    /**
     * {@code on} (default where the platform can fork: every system but Windows) or {@code off}. On: python steps
     * run as children forked by one warm interpreter of the launch (the bridge imported, {@link #PYTHON_PRELOAD}
     * imported) instead of starting an interpreter each; a step with {@code requires_process: true} still starts
     * its own. See docs/processes.md.
     */
    public static final String PYTHON_WORKER = "orchestrator.python.worker";

    /**
     * Comma-separated Python modules the warm worker imports once, before its first step (e.g.
     * {@code pandas,numpy}); a module that cannot be imported is a warning in the runner log. Default: none.
     */
    public static final String PYTHON_PRELOAD = "orchestrator.python.preload";

    /**
     * How steps are named: {@code name} (default: the step's name) or {@code recipe-and-name}
     * ({@code <test_id> - <step>}), for reports that flatten the tree, such as Surefire's XML.
     */
    public static final String STEP_DISPLAY_NAME = "orchestrator.step-display-name";

    /** The run id used in ctx history, checkpoints and reports. Default: generated per execution. */
    public static final String RUN_ID = "orchestrator.run-id";

    /**
     * Who started the run, recorded in the run database for the monitor's runs page: {@code cli}, {@code maven},
     * {@code ide}, {@code console} or {@code other}. Internal: the orchestrator command sets {@code cli}; other
     * launches leave it unset and the engine detects it (Surefire, IntelliJ / Eclipse / VS Code, the console
     * launcher; else {@code other}). Default: detected.
     */
    public static final String ORIGIN = "orchestrator.origin";

    /**
     * What a finished step's ctx checkpoint survives: {@code process-crash} (default: written to the
     * operating system before the step is reported finished, no fsync; survives kill -9 of the JVM),
     * {@code power-loss} (also on stable storage before the step is reported finished; one background fsync
     * serves every step finishing meanwhile) or {@code none} (buffered; a crash may lose the last steps'
     * checkpoints). Ignored with {@code store_on_ram.txt}.
     */
    public static final String DURABILITY = "orchestrator.durability";

    /**
     * Which reports to write, as Cucumber's {@code cucumber.plugin}: comma-separated names out of
     * {@code allure, database, excel, graph} and any other report plugin on the class path, each optionally with an
     * output location ({@code allure:target/allure-results}); {@code none} writes none. Default: every report on
     * the class path. An unknown name, or one whose artifact is not on the class path, is an error.
     */
    public static final String REPORTS = ReportKeys.REPORTS;

    /** Where Allure results go, relative to the workspace. Default: {@code reports/allure-results}. */
    public static final String ALLURE_RESULTS_DIR = ReportKeys.ALLURE_RESULTS_DIR;

    /**
     * {@code true}: delete earlier runs' Allure results at run start (keeps {@code history/} and the results of
     * runs still in progress). Default: false.
     */
    public static final String ALLURE_CLEAN = ReportKeys.ALLURE_CLEAN;

    /**
     * {@code masked} (default) or {@code raw}: whether the run database stores ctx values with secrets masked
     * (failure messages are masked either way).
     */
    public static final String DATABASE_SECRETS = ReportKeys.DATABASE_SECRETS;

    /** The project name (Allure parentSuite label). Default: the workspace folder's name. */
    public static final String PROJECT = ReportKeys.PROJECT;

    /**
     * What to run instead of the launch's selectors, as Cucumber's {@code cucumber.features}: comma-separated
     * recipe files or folders relative to the workspace, each optionally with lines ({@code recipes/x.yaml:22},
     * {@code recipes/x.yaml:22:40}); {@code classpath:recipes/x.yaml:22} for a class path resource;
     * {@code @target/orchestrator-rerun.txt} reads such entries from a file (one a line), as written by
     * {@link #RERUN_FILE}. Ignored when the launch selects unique ids of this engine (IDE and Surefire reruns).
     * Default: none (the launch's selectors).
     */
    public static final String SELECT = "orchestrator.select";

    /**
     * A file (relative to the workspace) to write after every launch: one {@link #SELECT} entry per step that
     * failed, or was skipped because a dependency failed; empty when everything passed. Default: none.
     */
    public static final String RERUN_FILE = "orchestrator.rerun.file";

    /**
     * What a selected step does when a step it depends on is not selected (tags, a line, a unique id, a rerun):
     * {@code checkpoint} restores the ctx from that step's checkpoint and fails without one; {@code run} runs
     * the upstream steps first, as part of the selected step; {@code auto} (default) restores from a checkpoint
     * when one exists and runs the upstream steps otherwise. Steps left out by only/skip/resume-from are never
     * run as upstream steps.
     */
    public static final String UPSTREAM = "orchestrator.upstream";

    /**
     * How only/skip/resume-from leave steps out: {@code report} (default) keeps them in the test plan and reports
     * them skipped; {@code prune} removes them from the test plan (a {@code PostDiscoveryFilter}), so IDEs and
     * Surefire show only what runs.
     */
    public static final String SELECTION_MODE = "orchestrator.selection-mode";

    /**
     * Comma-separated extra source folders (relative to the workspace) where the editable copy of a recipe
     * found on the class path may live; {@code src/test/resources} and {@code src/main/resources} beside the
     * build output are always tried. Default: none.
     */
    public static final String SOURCE_ROOTS = "orchestrator.source-roots";

    /**
     * This process's shard of a run split across processes or machines: {@code k/n} (the k-th of n, from 1).
     * Every recipe lands in exactly one shard, the same in every shard process (longest first by the run
     * database's recorded durations, else by step count); the other shards' recipes are left out of the test
     * plan. Shards of one run share its run id ({@link #RUN_ID}, else the CI's run id). Default: no sharding.
     */
    public static final String SHARD = "orchestrator.shard";

    /**
     * Folders of compiled classes or jars, comma-separated, relative to the workspace, where {@code type: java}
     * step classes are also looked for (outside the engine's own class path; child JVMs get them too). Every
     * entry must exist. Default: none.
     */
    public static final String CLASSPATH = "orchestrator.classpath";

    /**
     * The run database: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB}. Credentials come
     * from the environment ({@code ORCH_DATABASE_USER}/{@code ORCH_DATABASE_PASSWORD}, else {@code PGUSER}/
     * {@code PGPASSWORD}), never from a recipe. Default: SQLite in {@code Data/orchestrator.db}.
     */
    public static final String DATABASE_URL = "orchestrator.database.url";

    /**
     * What a step that declares its {@code writes} (docs/contracts.md) does when it writes another ctx key:
     * {@code error} (default: the step fails naming the key; a process step's changes are not applied),
     * {@code warn} (the write stands; the step's log and a warning name the key) or {@code off} (not checked at
     * run time). Discovery checks the declared reads and writes in every mode.
     */
    public static final String CONTRACTS = "orchestrator.contracts";

    /**
     * How steps with {@code cache:} use the workspace's step cache ({@code Data/cache/}, docs/caching.md):
     * {@code read-write} (default) reuses a passed earlier result with the same fingerprint and stores new ones;
     * {@code read} reuses but never stores; {@code off} runs every step. The CLI's {@code run --no-cache} sets
     * {@code off}.
     */
    public static final String CACHE = "orchestrator.cache";

    /**
     * The most bytes the step cache keeps: at the end of a run the least recently used entries are pruned until
     * the store fits, like {@code orchestrator cache prune --max-size}. A size like {@code 500MB}, {@code 2GB} or a
     * number of bytes (units of 1024). Default: no cap.
     */
    public static final String CACHE_MAX_SIZE = "orchestrator.cache.max-size";

    /**
     * How the resources of a process step (shell, python, {@code requires_process} java) are measured:
     * {@code off} (default) reads them once when the step ends (CPU time from the launch's own report, peak memory
     * from the step's own report where it gives one); {@code on} also samples the step's processes in
     * {@code /proc} every 20 ms, for the peak memory of any step and a memory curve in its log. See
     * {@code docs/processes.md}.
     */
    public static final String RESOURCES_SAMPLE = "orchestrator.resources.sample";

    private Constants() {
    }
}
