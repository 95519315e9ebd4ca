package dev.orchestrator.context;

import java.io.IOException;
import java.util.Optional;

/** Where ctx checkpoints are kept: {@code Data/ctx/<test_id>/} on disk, or memory only (SPEC §5). Thread-safe. */
public interface CheckpointStore {

    /** Stores the checkpoint, replacing any earlier one for the same recipe and step; atomic on disk. */
    void save(Checkpoint checkpoint) throws IOException;

    /** The latest checkpoint written after {@code step} of recipe {@code testId}, if any. */
    Optional<Checkpoint> load(String testId, String step) throws IOException;
}
