package dev.orchestrator.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.time.Instant;
import org.apiguardian.api.API;

/**
 * One engine execution (a "run"): what report writers need to name and place their output.
 *
 * @param runId     the run id (also in ctx history and checkpoints)
 * @param workspace the workspace folder
 * @param started   when the run started
 * @param origin    who started it: {@code cli}, {@code maven}, {@code ide}, {@code console}, {@code other};
 *                  null when unknown
 */
@API(status = EXPERIMENTAL)
public record RunInfo(String runId, Path workspace, Instant started, String origin) {

    /** A run of unknown origin. */
    public RunInfo(String runId, Path workspace, Instant started) {
        this(runId, workspace, started, null);
    }
}
