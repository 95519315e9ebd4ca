package dev.orchestrator.execution;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One engine execution (a "run"): what report writers need to name and place their output.
 *
 * @param runId     the run id (also in ctx history and checkpoints)
 * @param workspace the workspace folder
 * @param started   when the run started
 */
public record RunInfo(String runId, Path workspace, Instant started) {
}
