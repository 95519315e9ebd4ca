package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-process step's log lines are masked as they are written; its log is masked again at the end only when a
 * secret was learned meanwhile, and then every earlier line of it is masked too.
 */
class StepLogSecretsTest {

    private static final String VALUE = "s3cr3t-value-42";

    @TempDir
    Path dir;

    /** Logs a value, then stores it under a secret key: only then is it known to be a secret. */
    public static final class LogThenStore extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            log().info("about to store %s", params.string("value"));
            ctx.set("api_token", params.string("value"));
            return null;
        }
    }

    /** Logs a value that is no secret. */
    public static final class LogOnly extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            log().info("plain %s", params.string("value"));
            return null;
        }
    }

    @Test
    void aSecretAStepStoresIsMaskedInItsOwnEarlierLogLinesAndPlainLinesStayAsWritten() throws Exception {
        Workspace ws = new Workspace(dir);
        String me = StepLogSecretsTest.class.getName();
        ws.recipe("r.yaml", """
                test_meta: {test_id: logsecrets, tester: qa, description: engine test}
                steps:
                  - {idx: 1, name: plain, type: java, class: %1$s$LogOnly, params: {value: just-a-word}}
                  - {idx: 2, name: store, type: java, class: %1$s$LogThenStore, params: {value: %2$s}}
                """.formatted(me, VALUE));

        EngineRun.in(ws).execute(selectFile(ws.root().resolve("recipes/r.yaml").toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(Files.readString(logOf(ws, "store"))).contains("about to store ").doesNotContain(VALUE);
        assertThat(Files.readString(logOf(ws, "plain"))).contains("plain just-a-word");
    }

    private static Path logOf(Workspace ws, String step) throws Exception {
        try (Stream<Path> logs = Files.list(ws.root().resolve("Logs"))) {
            List<Path> found = logs.filter(p -> p.getFileName().toString().endsWith("_" + step + ".log")).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }
}
