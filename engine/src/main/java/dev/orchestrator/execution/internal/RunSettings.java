package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.GlobalState;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Everything a recipe run needs from its surroundings; one per engine execution. Made with
 * {@link #builder(Path, GlobalState)}, which knows the defaults.
 *
 * @param workspace   where relative paths resolve and processes run
 * @param logDir      where step logs go ({@code <workspace>/Logs})
 * @param checkpoints where ctx checkpoints go
 * @param classLoader where Java scriptlets are loaded from
 * @param python      the Python interpreter command for python steps
 * @param javaCommand the {@code java} executable for {@code requires_process} Java steps
 * @param classPath   the class path given to child JVMs
 * @param global      the run-wide state
 * @param masker      hides secrets from every log, message and report of the run
 * @param logMaxBytes the most of a step's output its log keeps (positive)
 * @param contracts   what a write outside a step's declared {@code writes} does ({@code orchestrator.contracts});
 *                    null: {@link ContractMode#ERROR}
 * @param pythonWorkers the launch's warm Python workers; null: {@link PythonWorkers#OFF} (python steps spawn)
 * @param sampleResources sample process steps in /proc every 20 ms (orchestrator.resources.sample=on)
 */
@API(status = INTERNAL)
public record RunSettings(Path workspace, Path logDir, CheckpointStore checkpoints, ClassLoader classLoader,
                          String python, String javaCommand, List<String> classPath, GlobalState global,
                          Masker masker, long logMaxBytes, ContractMode contracts, PythonWorkers pythonWorkers,
                          boolean sampleResources) {

    public RunSettings {
        contracts = contracts != null ? contracts : ContractMode.ERROR;
        pythonWorkers = pythonWorkers != null ? pythonWorkers : PythonWorkers.OFF;
    }

    /**
     * Settings for a run in {@code workspace} with {@code global} as its run-wide state; what is not set is the
     * default named on each setter of the {@link Builder}.
     */
    public static Builder builder(Path workspace, GlobalState global) {
        return new Builder(workspace, global);
    }

    public String runId() {
        return global.runId();
    }

    /** The {@link RunSettings} of one run, each setting its default until set. Not thread-safe. */
    @API(status = INTERNAL)
    public static final class Builder {

        private final Path workspace;
        private final GlobalState global;
        private Path logDir;
        private CheckpointStore checkpoints;
        private ClassLoader classLoader = RunSettings.class.getClassLoader();
        private String python = "python3";
        private String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        private List<String> classPath = List.of();
        private Masker masker;
        private long logMaxBytes = StepLogFile.DEFAULT_MAX_BYTES;
        private ContractMode contracts = ContractMode.ERROR;
        private PythonWorkers pythonWorkers = PythonWorkers.OFF;
        private boolean sampleResources;

        private Builder(Path workspace, GlobalState global) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
            this.global = Objects.requireNonNull(global, "global");
        }

        /** Default: {@code <workspace>/Logs}. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Default: {@link CheckpointStores#forWorkspace(Path)} of the workspace. */
        public Builder checkpoints(CheckpointStore checkpoints) {
            this.checkpoints = checkpoints;
            return this;
        }

        /** Default: the engine's own class loader. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /** Default: {@code python3} (as {@code orchestrator.python}). */
        public Builder python(String python) {
            this.python = python;
            return this;
        }

        /** Default: the {@code java} of the JVM that runs the engine. */
        public Builder javaCommand(String javaCommand) {
            this.javaCommand = javaCommand;
            return this;
        }

        /** Default: empty. */
        public Builder classPath(List<String> classPath) {
            this.classPath = classPath;
            return this;
        }

        /** Default: a masker that knows only the default names of secrets ({@link Masker#create()}). */
        public Builder masker(Masker masker) {
            this.masker = masker;
            return this;
        }

        /** Default: {@link StepLogFile#DEFAULT_MAX_BYTES} (100 MiB). */
        public Builder logMaxBytes(long logMaxBytes) {
            this.logMaxBytes = logMaxBytes;
            return this;
        }

        /** Default: {@link ContractMode#ERROR} (ctx contracts enforced). */
        public Builder contracts(ContractMode contracts) {
            this.contracts = contracts;
            return this;
        }

        /** Default: {@link PythonWorkers#OFF} (python steps spawn their interpreter). */
        public Builder pythonWorkers(PythonWorkers pythonWorkers) {
            this.pythonWorkers = pythonWorkers;
            return this;
        }

        /** Default: false (process steps are not sampled in /proc). */
        public Builder sampleResources(boolean sampleResources) {
            this.sampleResources = sampleResources;
            return this;
        }

        public RunSettings build() {
            return new RunSettings(workspace, logDir != null ? logDir : workspace.resolve("Logs"),
                    checkpoints != null ? checkpoints : CheckpointStores.forWorkspace(workspace), classLoader, python,
                    javaCommand, classPath, global, masker != null ? masker : Masker.create(), logMaxBytes, contracts,
                    pythonWorkers, sampleResources);
        }
    }
}
