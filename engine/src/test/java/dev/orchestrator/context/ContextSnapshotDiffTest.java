package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.orchestrator.context.internal.ContextJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextSnapshotDiffTest {

    private final Context ctx = Context.create("r", "run");

    @Test
    void snapshotIsACopyThatLaterChangesDoNotTouch() {
        ctx.set("a", 1);
        ContextSnapshot snapshot = ctx.snapshot();
        ctx.set("a", 2);
        ctx.set("b", 3);

        assertThat(snapshot.values().toString()).isEqualTo("{\"a\":1}");
        assertThat(snapshot.historySize()).isEqualTo(1);
        assertThat(snapshot.takenAt()).isNotNull();
    }

    @Test
    void diffListsAddedRemovedAndChangedKeysOnly() {
        ctx.set("same", "x");
        ctx.set("changed", 1);
        ctx.set("removed", true);
        ContextSnapshot before = ctx.snapshot();
        ctx.set("added", "new");
        ctx.set("changed", 2);
        ctx.remove("removed");
        ctx.set("same", "x"); // set again to the same value: not a change of value

        Map<String, ValueChange> diff = ContextSnapshot.diff(before, ctx.snapshot());

        assertThat(diff.keySet()).containsExactly("changed", "removed", "added");
        assertThat(diff.get("changed")).isEqualTo(new ValueChange(IntNode.valueOf(1), IntNode.valueOf(2)));
        assertThat(diff.get("removed").value()).isEqualTo(MissingNode.getInstance());
        assertThat(diff.get("removed").old().booleanValue()).isTrue();
        assertThat(diff.get("added").old()).isEqualTo(MissingNode.getInstance());
        assertThat(diff.get("added").value().textValue()).isEqualTo("new");
    }

    @Test
    void diffOrdersKeysByTheFirstSnapshotThenNewKeysInTheirOrder() {
        ctx.set("z", 1);
        ctx.set("a", 1);
        ContextSnapshot before = ctx.snapshot();
        ctx.set("y", 1);
        ctx.set("a", 2);
        ctx.set("b", 1);
        ctx.set("z", 2);

        assertThat(ContextSnapshot.diff(before, ctx.snapshot()).keySet()).containsExactly("z", "a", "y", "b");
    }

    @Test
    void diffComparesNumbersByValueSoACheckpointRoundTripIsNoChange() {
        ctx.set("n", 5L);
        ctx.set("d", 1.0);
        ctx.set("nested", Map.of("n", 7L));
        ContextSnapshot before = ctx.snapshot();
        Context restored = Context.restore("r", "run", ContextJson.mapper().valueToTree(before.values()), ctx.history());
        restored.set("d", 1);

        assertThat(ContextSnapshot.diff(before, restored.snapshot())).isEmpty();
    }

    @Test
    void diffOfIdenticalSnapshotsIsEmpty() {
        ctx.set("a", Map.of("b", 1));

        assertThat(ContextSnapshot.diff(ctx.snapshot(), ctx.snapshot())).isEmpty();
    }
}
