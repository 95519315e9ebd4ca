package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextHistoryTest {

    private final Context ctx = Context.create("csv_metrics", "run-1");

    @Test
    void everySetIsRecordedWithWhoWhatOldNewRecipeAndRunId() {
        Instant before = Instant.now();
        ctx.set("rows", 1);
        ctx.actingAs("count_rows", "dev.example.CountRows").set("rows", 2);

        List<ChangeRecord> history = ctx.history();
        assertThat(history).hasSize(2);

        ChangeRecord first = history.get(0);
        assertThat(first.key()).isEqualTo("rows");
        assertThat(first.op()).isEqualTo(ChangeRecord.Op.SET);
        assertThat(first.old()).isEqualTo(NullNode.getInstance());
        assertThat(first.value()).isEqualTo(IntNode.valueOf(1));
        assertThat(first.who()).isEqualTo("runner");
        assertThat(first.what()).isEqualTo("runner");
        assertThat(first.recipe()).isEqualTo("csv_metrics");
        assertThat(first.runId()).isEqualTo("run-1");

        ChangeRecord second = history.get(1);
        assertThat(second.old()).isEqualTo(IntNode.valueOf(1));
        assertThat(second.value()).isEqualTo(IntNode.valueOf(2));
        assertThat(second.who()).isEqualTo("count_rows");
        assertThat(second.what()).isEqualTo("dev.example.CountRows");

        assertThat(first.when()).isBetween(before.minus(Duration.ofSeconds(1)), Instant.now());
        assertThat(second.when()).isAfterOrEqualTo(first.when());
    }

    @Test
    void aRemoveIsRecordedAsADeleteWithTheOldValue() {
        ctx.set("tmp", "x");
        ctx.actingAs("cleanup", "scripts/cleanup.sh").remove("tmp");

        ChangeRecord delete = ctx.lastModified("tmp").orElseThrow();
        assertThat(delete.op()).isEqualTo(ChangeRecord.Op.DELETE);
        assertThat(delete.old()).isEqualTo(TextNode.valueOf("x"));
        assertThat(delete.value()).isEqualTo(NullNode.getInstance());
        assertThat(delete.who()).isEqualTo("cleanup");
    }

    @Test
    void removingAnAbsentKeyRecordsNothing() {
        ctx.remove("never");

        assertThat(ctx.history()).isEmpty();
        assertThat(ctx.lastModified("never")).isEmpty();
    }

    @Test
    void historyTimesNeverGoBackwards() {
        for (int i = 0; i < 1000; i++) {
            ctx.set("k" + (i % 7), i);
        }
        List<ChangeRecord> history = ctx.history();
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).when()).isAfterOrEqualTo(history.get(i - 1).when());
        }
    }

    @Test
    void getHistoryListsOnlyThatKeysChangesOldestFirst() {
        ctx.set("a", 1);
        ctx.set("b", 1);
        ctx.set("a", 2);
        ctx.remove("a");
        ctx.set("a", 3);

        assertThat(ctx.getHistory("a")).extracting(r -> r.op() + ":" + r.value())
                .containsExactly("SET:1", "SET:2", "DELETE:null", "SET:3");
        assertThat(ctx.getHistory("b")).hasSize(1);
        assertThat(ctx.getHistory("never")).isEmpty();
    }

    @Test
    void lastModifiedIsTheLatestChangeOfThatKey() {
        ctx.actingAs("one", "One").set("k", 1);
        ctx.actingAs("two", "Two").set("k", 2);
        ctx.set("other", 0);

        ChangeRecord last = ctx.lastModified("k").orElseThrow();
        assertThat(last.who()).isEqualTo("two");
        assertThat(last.value()).isEqualTo(IntNode.valueOf(2));
        assertThat(ctx.lastModified("absent")).isEmpty();
    }

    @Test
    void historySinceGivesTheChangesMadeAfterASnapshot() {
        ctx.set("a", 1);
        ContextSnapshot snapshot = ctx.snapshot();
        ctx.set("b", 2);
        ctx.remove("a");

        assertThat(ctx.historySince(snapshot.historySize())).extracting(ChangeRecord::key).containsExactly("b", "a");
    }

    @Test
    void restoreKeepsThePriorHistoryAndAppendsNewChangesAfterIt() {
        Context first = Context.create("csv_metrics", "run-1");
        first.actingAs("load", "Load").set("rows", 10);
        first.set("temp", true);
        first.remove("temp");
        Checkpoint checkpoint = first.checkpoint("load");

        Context second = Context.restore("csv_metrics", "run-2", checkpoint.values(), checkpoint.history());
        second.actingAs("count", "Count").set("rows", 11);

        assertThat(second.get("rows").intValue()).isEqualTo(11);
        assertThat(second.has("temp")).isFalse();
        List<ChangeRecord> history = second.history();
        assertThat(history).extracting(ChangeRecord::runId).containsExactly("run-1", "run-1", "run-1", "run-2");
        assertThat(history.get(3).old()).isEqualTo(IntNode.valueOf(10));
        assertThat(second.getHistory("rows")).extracting(ChangeRecord::who).containsExactly("load", "count");
        assertThat(second.lastModified("temp").orElseThrow().op()).isEqualTo(ChangeRecord.Op.DELETE);
    }

    @Test
    void restoreCopiesItsInputs() {
        ObjectNode values = JsonNodeFactory.instance.objectNode().put("a", 1);
        Context restored = Context.restore("r", "run", values, List.of());
        values.put("a", 2);

        assertThat(restored.get("a").intValue()).isEqualTo(1);
        assertThat(restored.history()).isEmpty();
    }
}
