package dev.orchestrator.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.orchestrator.context.ChangeRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteConflictsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static List<ChangeRecord> writes(String step, String... keys) {
        return java.util.Arrays.stream(keys).map(k -> new ChangeRecord(k, ChangeRecord.Op.SET, NullNode.getInstance(),
                IntNode.valueOf(1), step, step, T0, "r", "run")).toList();
    }

    @Test
    void overlappingStepsWritingTheSameKeyAreReportedOnce() {
        WriteConflicts conflicts = new WriteConflicts();
        assertThat(conflicts.finished("a", T0, T0.plusMillis(100), writes("a", "shared", "only_a"))).isEmpty();
        List<WriteConflicts.Conflict> found = conflicts.finished("b", T0.plusMillis(50), T0.plusMillis(150),
                writes("b", "shared", "only_b"));
        assertThat(found).containsExactly(new WriteConflicts.Conflict("shared", "a", "b"));
        assertThat(found.get(0).describe()).contains("ctx key 'shared'", "steps a and b");
    }

    @Test
    void stepsOneAfterTheOtherMayWriteTheSameKey() {
        WriteConflicts conflicts = new WriteConflicts();
        conflicts.finished("a", T0, T0.plusMillis(100), writes("a", "shared"));
        assertThat(conflicts.finished("b", T0.plusMillis(100), T0.plusMillis(200), writes("b", "shared"))).isEmpty();
    }
}
