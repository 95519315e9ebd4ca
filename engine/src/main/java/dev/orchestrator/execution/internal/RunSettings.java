package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.GlobalState;
import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Everything a recipe run needs from its surroundings; one per engine execution.
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
 * @param contracts   what a write outside a step's declared {@code writes} does ({@code orchestrator.contracts})
 * @param pythonWorkers the launch's warm Python workers ({@link PythonWorkers#OFF}: python steps spawn)
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

    /** Settings whose ctx contracts are {@code contracts} and whose python steps spawn their interpreter. */
    public RunSettings(Path workspace, Path logDir, CheckpointStore checkpoints, ClassLoader classLoader,
                       String python, String javaCommand, List<String> classPath, GlobalState global,
                       Masker masker, long logMaxBytes, ContractMode contracts) {
        this(workspace, logDir, checkpoints, classLoader, python, javaCommand, classPath, global, masker, logMaxBytes,
                contracts, PythonWorkers.OFF, false);
    }

    /** Settings whose ctx contracts are enforced and whose python steps use {@code pythonWorkers}. */
    public RunSettings(Path workspace, Path logDir, CheckpointStore checkpoints, ClassLoader classLoader,
                       String python, String javaCommand, List<String> classPath, GlobalState global,
                       Masker masker, long logMaxBytes, PythonWorkers pythonWorkers) {
        this(workspace, logDir, checkpoints, classLoader, python, javaCommand, classPath, global, masker, logMaxBytes,
                ContractMode.ERROR, pythonWorkers, false);
    }

    /** Settings whose ctx contracts are enforced, whose python steps spawn, sampling resources if asked. */
    public RunSettings(Path workspace, Path logDir, CheckpointStore checkpoints, ClassLoader classLoader,
                       String python, String javaCommand, List<String> classPath, GlobalState global,
                       Masker masker, long logMaxBytes, boolean sampleResources) {
        this(workspace, logDir, checkpoints, classLoader, python, javaCommand, classPath, global, masker, logMaxBytes,
                ContractMode.ERROR, PythonWorkers.OFF, sampleResources);
    }

    /** Settings whose ctx contracts are enforced ({@link ContractMode#ERROR}), python steps spawn, no sampling. */
    public RunSettings(Path workspace, Path logDir, CheckpointStore checkpoints, ClassLoader classLoader,
                       String python, String javaCommand, List<String> classPath, GlobalState global,
                       Masker masker, long logMaxBytes) {
        this(workspace, logDir, checkpoints, classLoader, python, javaCommand, classPath, global, masker, logMaxBytes,
                ContractMode.ERROR, PythonWorkers.OFF, false);
    }

    /** Settings with a masker that knows only the default names of secrets and the default log cap, 100 MiB. */
    public RunSettings(Path workspace, Path logDir, CheckpointStore checkpoints, ClassLoader classLoader,
                       String python, String javaCommand, List<String> classPath, GlobalState global) {
        this(workspace, logDir, checkpoints, classLoader, python, javaCommand, classPath, global, Masker.create(),
                StepLogFile.DEFAULT_MAX_BYTES);
    }

    public String runId() {
        return global.runId();
    }
}
