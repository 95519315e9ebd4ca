package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.report.database.internal.RunDatabase;
import dev.orchestrator.report.internal.Reports;
import dev.orchestrator.secrets.Masker;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Secrets through the engine: the JUnit failure (what the CLI, IDEs and Surefire show) and the run database,
 * masked by default; {@code orchestrator.database.secrets=raw} keeps ctx values in the database only.
 */
class SecretsEngineTest {

    private static final String TOKEN = "tok-7f3a9c2e51";
    private static final String DECLARED = "cust-4471-zeta";

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void recipe() {
        ws = new Workspace(dir);
        ws.recipe("secrets.yaml", """
                test_meta: {test_id: secrets, tester: qa, description: d}
                secrets: [customer_ref]
                steps:
                  - {idx: 1, name: seed, type: java, class: %1$sPut,
                     params: {set: {api_token: %2$s, customer_ref: %3$s, region: eu}}}
                  - {idx: 2, name: leak, type: java, class: %1$sFail,
                     params: {message: "login as %3$s with %2$s refused"}}
                """.formatted(ReportFixtures.S, TOKEN, DECLARED));
    }

    private EngineExecutionResults run(String databaseSecrets) {
        EngineRun run = EngineRun.in(ws);
        if (databaseSecrets != null) {
            run = run.config(ReportKeys.DATABASE_SECRETS, databaseSecrets);
        }
        return run.execute(selectFile(ws.resolve("recipes/secrets.yaml").toFile()));
    }

    @Test
    void theJUnitFailureAndTheDatabaseHoldNoSecretByDefault() throws Exception {
        EngineExecutionResults results = run(null);

        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        Throwable failure = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
        assertThat(failure).hasMessage("login as ****** with ****** refused");
        assertThat(failure.toString()).startsWith(IllegalStateException.class.getName());

        try (RunDatabase db = RunDatabase.open(ws.resolve("Data/orchestrator.db"))) {
            assertThat(values(db.history("secrets", "api_token"))).containsExactly(Masker.MASK);
            assertThat(values(db.history("secrets", "customer_ref"))).containsExactly(Masker.MASK);
            assertThat(values(db.history("secrets", "region"))).containsExactly("eu");
            String runId = db.lastRuns("secrets", 1).get(0).runId();
            assertThat(db.steps(runId, "secrets")).anySatisfy(s -> assertThat(s.failureMessage())
                    .isEqualTo("login as ****** with ****** refused"));
        }
    }

    @Test
    void aRawDatabaseKeepsCtxValuesButNotFailureMessages() throws Exception {
        run("raw");

        try (RunDatabase db = RunDatabase.open(ws.resolve("Data/orchestrator.db"))) {
            assertThat(values(db.history("secrets", "api_token"))).containsExactly(TOKEN);
            String runId = db.lastRuns("secrets", 1).get(0).runId();
            assertThat(db.steps(runId, "secrets")).anySatisfy(s -> assertThat(s.failureMessage())
                    .isEqualTo("login as ****** with ****** refused"));
        }
    }

    @Test
    void aBadDatabaseSecretsValueNamesTheKey() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Reports.databaseRaw("maybe")))
                .hasMessageContaining(ReportKeys.DATABASE_SECRETS);
    }

    private static List<String> values(List<ChangeRecord> history) {
        return history.stream().map(c -> c.value().asText()).toList();
    }
}
