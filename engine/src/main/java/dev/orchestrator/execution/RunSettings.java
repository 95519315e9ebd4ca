package dev.orchestrator.execution;

import dev.orchestrator.context.CheckpointStore;
import dev.orchestrator.context.GlobalState;
import java.nio.file.Path;
import java.util.List;

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
 * @param logMaxBytes the most of a step's output its log keeps (positive)
 */
public record RunSettings(Path workspace, Path logDir, CheckpointStore checkpoints, ClassLoader classLoader,
                          String python, String javaCommand, List<String> classPath, GlobalState global,
                          long logMaxBytes) {

    /** Settings with the default cap of a step's log, 100 MiB. */
    public RunSettings(Path workspace, Path logDir, CheckpointStore checkpoints, ClassLoader classLoader,
                       String python, String javaCommand, List<String> classPath, GlobalState global) {
        this(workspace, logDir, checkpoints, classLoader, python, javaCommand, classPath, global,
                StepLogFile.DEFAULT_MAX_BYTES);
    }

    public String runId() {
        return global.runId();
    }
}
