package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrator history}: the ctx changes of the last run, from its checkpoints. */
class HistoryCommandTest {

    @TempDir
    Path dir;

    TestWorkspace ws;
    String workspace;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.write("recipes/good.yaml", TestWorkspace.javaRecipe("good", "eu"));
        workspace = ws.root.toString();
    }

    @Test
    void showsWhoChangedWhatWhenFromWhatToWhat() {
        assertThat(Cli.run("run", "-w", workspace, "-r", "recipes/good.yaml", "-q").code()).isZero();
        Cli.Result result = Cli.run("history", "-w", workspace, "--recipe", "good");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern("recipe good, run \\S+, checkpoint after step check at ")
                .containsPattern("WHEN +WHO +WHAT +KEY +OP +OLD → NEW")
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT\\S+Z +runner +runner +test_meta +set +null → \\{\"test_id\":\"good\"")
                .containsPattern("seed +dev.orchestrator.scriptlets.SetCtx +region +set +null → \"eu\"")
                .containsPattern("more +dev.orchestrator.scriptlets.SetCtx +threshold +set +null → 0.5");
    }

    @Test
    void keyFiltersAndJsonPrintsTheRecords() throws Exception {
        Cli.run("run", "-w", workspace, "-r", "recipes/good.yaml", "-q");
        Cli.Result filtered = Cli.run("history", "-w", workspace, "-r", "good", "--key", "threshold");
        assertThat(filtered.out()).contains("threshold").doesNotContain("region");
        Cli.Result json = Cli.run("history", "-w", workspace, "-r", "good", "-k", "region", "--json");
        JsonNode records = new ObjectMapper().readTree(json.out());
        assertThat(records).hasSize(1);
        JsonNode record = records.get(0);
        assertThat(record.fieldNames()).toIterable()
                .contains("key", "op", "old", "new", "who", "what", "when", "recipe", "run_id");
        assertThat(record.get("who").asText()).isEqualTo("seed");
        assertThat(record.get("new").asText()).isEqualTo("eu");
    }

    @Test
    void theLastRunIsUsedWhenSeveralRunsLeftCheckpoints() {
        Cli.run("run", "-w", workspace, "-r", "recipes/good.yaml", "-q");
        // a second, partial run writes only seed's checkpoint: it is the newest run, so its history counts
        ws.write("recipes/good.yaml", TestWorkspace.javaRecipe("good", "eu").replace("region: eu}}", "region: fr}}"));
        Cli.run("run", "-w", workspace, "-r", "recipes/good.yaml", "-q", "--only", "seed");
        Cli.Result result = Cli.run("history", "-w", workspace, "-r", "good", "-k", "region");
        assertThat(result.out()).contains("checkpoint after step seed").contains("\"fr\"");
    }

    @Test
    void theRunDatabaseGivesTheSameHistoryAsTheJournals() throws Exception {
        assertThat(Cli.run("run", "-w", workspace, "-r", "recipes/good.yaml", "-q").code()).isZero();
        String url = "jdbc:sqlite:Data/orchestrator.db";
        Cli.Result table = Cli.run("history", "-w", workspace, "-r", "good", "--database", url);
        assertThat(table.code()).as(table.toString()).isZero();
        assertThat(table.out()).containsPattern("recipe good, run \\S+ \\(passed\\), from the run database")
                .containsPattern("seed +dev.orchestrator.scriptlets.SetCtx +region +set +null → \"eu\"")
                .containsPattern("more +dev.orchestrator.scriptlets.SetCtx +threshold +set +null → 0.5");
        JsonNode fromDatabase = new ObjectMapper().readTree(
                Cli.run("history", "-w", workspace, "-r", "good", "-k", "region", "--json", "--database", url).out());
        JsonNode fromJournal = new ObjectMapper().readTree(
                Cli.run("history", "-w", workspace, "-r", "good", "-k", "region", "--json").out());
        // the database keeps times to the microsecond, the journal to the nanosecond
        java.time.Instant journalWhen = java.time.Instant.parse(fromJournal.get(0).get("when").asText());
        assertThat(java.time.Instant.parse(fromDatabase.get(0).get("when").asText()))
                .isEqualTo(journalWhen.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        ((com.fasterxml.jackson.databind.node.ObjectNode) fromDatabase.get(0)).remove("when");
        ((com.fasterxml.jackson.databind.node.ObjectNode) fromJournal.get(0)).remove("when");
        assertThat(fromDatabase).isEqualTo(fromJournal).hasSize(1);
        Cli.Result never = Cli.run("history", "-w", workspace, "-r", "other", "--database", url);
        assertThat(never.code()).isEqualTo(2);
        assertThat(never.err()).contains("no run of recipe 'other'");
    }

    @Test
    void aRecipeThatNeverRanOrABadIdIsAUsageError() {
        Cli.Result never = Cli.run("history", "-w", workspace, "-r", "good");
        assertThat(never.code()).isEqualTo(2);
        assertThat(never.err()).contains("no checkpoint of recipe 'good'");
        assertThat(Cli.run("history", "-w", workspace, "-r", "../etc").code()).isEqualTo(2);
    }

    private java.nio.file.Path onlyJournal() throws Exception {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(ws.root.resolve("Data/ctx/good"))) {
            return files.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
        }
    }

    @Test
    void aCorruptJournalIsReportedAsCorruptWithTheParseErrorNotReplacedByAnOlderRun() throws Exception {
        Cli.run("run", "-w", workspace, "-r", "recipes/good.yaml", "-q");
        java.nio.file.Path journal = onlyJournal();
        java.util.List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(journal));
        lines.set(1, "{\"change\": oops}");
        java.nio.file.Files.write(journal, lines);

        Cli.Result result = Cli.run("history", "-w", workspace, "-r", "good");
        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("error: ctx journal ", journal.getFileName().toString(),
                "is corrupt: line 2: ", "Unrecognized token 'oops'").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aTornLastRecordIsIgnoredWithAWarning() throws Exception {
        Cli.run("run", "-w", workspace, "-r", "recipes/good.yaml", "-q");
        java.nio.file.Path journal = onlyJournal();
        byte[] bytes = java.nio.file.Files.readAllBytes(journal);
        java.nio.file.Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - 5)); // inside check's marker

        Cli.Result result = Cli.run("history", "-w", workspace, "-r", "good");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).contains("warning: ctx journal ", "ends with a torn record");
        assertThat(result.out()).contains("checkpoint after step more");
    }
}
