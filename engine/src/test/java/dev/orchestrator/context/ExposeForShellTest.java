package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposeForShellTest {

    private final Context ctx = Context.create("r", "run");

    @Test
    void namesEachKeyCtxUpperCasedWithNonAlphanumericsAsUnderscores() {
        ctx.set("metrics_columns", 1);
        ctx.set("out.file-name", 2);
        ctx.set("clé", 3);
        ctx.set("9lives", 4);

        assertThat(ctx.exposeForShell().keySet())
                .containsExactly("CTX_METRICS_COLUMNS", "CTX_OUT_FILE_NAME", "CTX_CL_", "CTX_9LIVES");
    }

    @Test
    void givesStringsAsTheirTextAndEverythingElseAsCompactJson() {
        ctx.set("path", "Data/clean.csv");
        ctx.set("count", 42);
        ctx.set("ok", false);
        ctx.set("nothing", null);
        ctx.set("cols", List.of("a", "b"));
        ctx.set("meta", Map.of("k", "v"));

        assertThat(ctx.exposeForShell()).containsExactly(
                Map.entry("CTX_PATH", "Data/clean.csv"),
                Map.entry("CTX_COUNT", "42"),
                Map.entry("CTX_OK", "false"),
                Map.entry("CTX_NOTHING", "null"),
                Map.entry("CTX_COLS", "[\"a\",\"b\"]"),
                Map.entry("CTX_META", "{\"k\":\"v\"}"));
    }

    @Test
    void whenTwoKeysCollideTheOneInsertedLaterWins() {
        ctx.set("a-b", "first");
        ctx.set("a_b", "second");

        assertThat(ctx.exposeForShell()).containsExactly(Map.entry("CTX_A_B", "second"));
    }
}
