package dev.orchestrator.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoints kept in memory only ({@code store_on_ram.txt} says {@code true}). Checkpoints are copied on
 * save and on load, so neither the saver nor a loader can change what another loader sees.
 */
final class RamCheckpointStore implements CheckpointStore {

    private record Name(String testId, String step) {
    }

    private final Map<Name, Checkpoint> checkpoints = new ConcurrentHashMap<>();

    @Override
    public void save(Checkpoint checkpoint) {
        Name name = new Name(CheckpointNames.check("test_id", checkpoint.testId()),
                CheckpointNames.check("step", checkpoint.afterStep()));
        checkpoints.put(name, copy(checkpoint));
    }

    @Override
    public Optional<Checkpoint> load(String testId, String step) {
        Checkpoint checkpoint = checkpoints.get(new Name(CheckpointNames.check("test_id", testId),
                CheckpointNames.check("step", step)));
        return checkpoint == null ? Optional.empty() : Optional.of(copy(checkpoint));
    }

    private static Checkpoint copy(Checkpoint c) {
        List<ChangeRecord> history = new ArrayList<>(c.history().size());
        for (ChangeRecord r : c.history()) {
            history.add(new ChangeRecord(r.key(), r.op(), r.old().deepCopy(), r.value().deepCopy(), r.who(),
                    r.what(), r.when(), r.recipe(), r.runId()));
        }
        ObjectNode values = c.values() == null ? null : c.values().deepCopy();
        return new Checkpoint(c.testId(), c.runId(), c.afterStep(), c.at(), values, history);
    }

    @Override
    public String toString() {
        return "RamCheckpointStore[" + checkpoints.size() + " checkpoints]";
    }
}
