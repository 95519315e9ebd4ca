package dev.orchestrator.cli.internal;

import dev.orchestrator.context.Checkpoint;
import java.io.IOException;
import java.util.Optional;

/**
 * Where {@code orchestrator history} finds the last run's ctx. Today: the ctx journals under
 * {@code Data/ctx/} ({@link DiskCheckpointSource}); later: the run database {@code Data/orchestrator.db}.
 */
interface CheckpointSource {

    /**
     * The most complete checkpoint of the last run of recipe {@code testId}, or empty when it never ran.
     *
     * @throws IOException when the last run's checkpoints cannot be read (corrupt: the message says where
     *                     and why)
     */
    Optional<Checkpoint> latest(String testId) throws IOException;

    /** Where it looked, for messages. */
    String describe(String testId);
}
