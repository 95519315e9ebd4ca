package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.report.database.internal.DatabaseTarget;
import dev.orchestrator.report.database.internal.RunDatabase;
import dev.orchestrator.report.database.internal.RunReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that a run split into shards equals the run on one machine: a 40-recipe suite runs once in one
 * CLI process and once as 4 concurrent CLI processes ({@code run --shard k/4}), each in its own workspace as on
 * four machines, all writing to one PostgreSQL database (a throwaway cluster started here). The shards' rows
 * together equal the single run's: the same recipes, step results and ctx histories (timestamps and run ids
 * aside), every recipe run by exactly one shard, no row lost. A shard killed mid-run leaves its recipes
 * interrupted. Skipped only when no PostgreSQL binaries are installed ({@code .ci/run} installs them).
 */
class ShardedRunTest {

    private static final int RECIPES = 40;
    private static final int SHARDS = 4;
    private static final long PATIENCE_MS = 600_000;

    private static PostgresCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        Optional<Path> bin = PostgresCluster.binaries();
        Assumptions.assumeTrue(bin.isPresent(),
                "no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql; .ci/run does)");
        cluster = PostgresCluster.start(bin.get());
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (cluster != null) {
            Path data = cluster.dataDir();
            cluster.close();
            assertThat(ProcScan.withMarker(data.toString())).as("postgres processes left running").isEmpty();
        }
    }

    @Test
    void fourConcurrentShardsTogetherEqualOneMachineWithEveryRecipeRunOnce() throws Exception {
        cluster.createDatabase("suite");
        String url = cluster.url("suite");

        Path singleWs = suite("single");
        Process single = cli(singleWs, url, "single-1", null);
        assertThat(single.waitFor(PATIENCE_MS, TimeUnit.MILLISECONDS)).isTrue();
        JsonNode singleSummary = summary(singleWs);
        assertThat(single.exitValue()).as(singleSummary.toString()).isEqualTo(1); // one recipe fails on purpose

        List<Process> shards = new ArrayList<>();
        List<Path> shardWs = new ArrayList<>();
        for (int k = 1; k <= SHARDS; k++) {
            shardWs.add(suite("shard" + k));
        }
        for (int k = 1; k <= SHARDS; k++) {
            shards.add(cli(shardWs.get(k - 1), url, "sharded-1", k + "/" + SHARDS));
        }
        Map<String, Integer> shardOfRecipe = new HashMap<>();
        int failing = 0;
        for (int k = 1; k <= SHARDS; k++) {
            Process shard = shards.get(k - 1);
            assertThat(shard.waitFor(PATIENCE_MS, TimeUnit.MILLISECONDS)).isTrue();
            JsonNode summary = summary(shardWs.get(k - 1));
            assertThat(shard.exitValue()).as(summary.toString()).isIn(0, 1);
            failing += shard.exitValue();
            assertThat(summary.get("recipes")).as("shard %d ran nothing", k).isNotEmpty();
            for (JsonNode recipe : summary.get("recipes")) {
                Integer before = shardOfRecipe.put(recipe.get("test_id").asText(), k);
                assertThat(before).as("%s ran in shards %s and %d", recipe.get("test_id"), before, k).isNull();
            }
        }
        assertThat(failing).as("exactly one shard has the failing recipe").isEqualTo(1);
        assertThat(shardOfRecipe).hasSize(RECIPES);

        try (Connection c = cluster.connect("suite")) {
            // the same recipes, step results and ctx histories
            assertThat(rows(c, "recipes", "sharded-1")).isEqualTo(rows(c, "recipes", "single-1")).hasSize(RECIPES);
            assertThat(rows(c, "step_results", "sharded-1")).isEqualTo(rows(c, "step_results", "single-1"));
            assertThat(rows(c, "planned_steps", "sharded-1")).isEqualTo(rows(c, "planned_steps", "single-1"));
            Map<String, List<String>> history = rows(c, "ctx_changes", "sharded-1");
            assertThat(history).isEqualTo(rows(c, "ctx_changes", "single-1")).hasSize(RECIPES);
            // no row lost: every step of every recipe has a result, every recipe its ctx changes
            assertThat(count(c, "SELECT COUNT(*) FROM step_results WHERE run_id = 'sharded-1'"))
                    .isEqualTo(stepsInSuite());
            assertThat(count(c, "SELECT COUNT(*) FROM step_results WHERE run_id = 'sharded-1' AND status = 'failed'"))
                    .isEqualTo(1);
            // each recipe is recorded by the shard that ran it, and the run finished once all four did
            for (Map.Entry<String, Integer> e : shardOfRecipe.entrySet()) {
                assertThat(text(c, "SELECT shard FROM recipes WHERE run_id = 'sharded-1' AND recipe = '" + e.getKey() + "'"))
                        .isEqualTo(e.getValue() + "/" + SHARDS);
            }
            assertThat(count(c, "SELECT COUNT(*) FROM run_shards WHERE run_id = 'sharded-1' AND finished IS NOT NULL "
                    + "AND status IS NULL")).isEqualTo(SHARDS);
            assertThat(count(c, "SELECT COUNT(*) FROM runs WHERE run_id = 'sharded-1' AND finished IS NOT NULL "
                    + "AND status IS NULL AND shards = 4")).isEqualTo(1);
        }
        // the monitor's reader shows the sharded run as one run, as it shows the single one
        try (RunReader reader = RunReader.of(DatabaseTarget.of(dir, Optional.of(url), cluster.credentials()))) {
            RunReader.RunRow sharded = reader.run("sharded-1").orElseThrow();
            RunReader.RunRow one = reader.run("single-1").orElseThrow();
            assertThat(sharded.status()).isEqualTo(one.status()).isEqualTo("failed");
            assertThat(sharded.recipes()).isEqualTo(one.recipes()).hasSize(RECIPES);
            assertThat(List.of(sharded.passed(), sharded.failed(), sharded.skipped(), sharded.running()))
                    .isEqualTo(List.of(one.passed(), one.failed(), one.skipped(), one.running()));
            assertThat(reader.runs(new RunReader.RunFilter("r07", null, "failed", null, null), 0, 10).total()).isEqualTo(2);
            assertThat(reader.steps("sharded-1", "r07")).extracting(RunReader.StepRow::status)
                    .containsExactly("passed", "passed", "passed", "passed", "passed", "failed", "skipped");
            assertThat(reader.changes("sharded-1", "r05")).extracting(RunReader.Change::key).contains("n", "doubled");
            assertThat(reader.recipeTrend("r05", 5)).hasSize(2).allSatisfy(p -> assertThat(p.wallMs()).isPositive());
            assertThat(reader.dataVersion()).isPositive();
        }
        // the shards' Allure results, copied into one folder as a CI report job does, hold every step once, each
        // labelled with its shard; the workbook built from the shared database after the run holds every step
        Path merged = Files.createDirectories(dir.resolve("merged-allure"));
        for (Path ws : shardWs) {
            try (var results = Files.list(ws.resolve("reports/allure-results"))) {
                for (Path result : results.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                    Files.copy(result, merged.resolve(result.getFileName()));
                }
            }
        }
        Set<String> histories = new HashSet<>();
        Map<String, Integer> resultsPerShard = new HashMap<>();
        try (var results = Files.list(merged)) {
            for (Path result : results.toList()) {
                JsonNode json = new ObjectMapper().readTree(result.toFile());
                histories.add(json.get("historyId").asText());
                for (JsonNode label : json.get("labels")) {
                    if (label.get("name").asText().equals("shard")) {
                        resultsPerShard.merge(label.get("value").asText(), 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(histories).hasSize(stepsInSuite());
        assertThat(resultsPerShard.keySet()).containsExactlyInAnyOrder("1/4", "2/4", "3/4", "4/4");
        assertThat(resultsPerShard.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(stepsInSuite());
        Process report = start(shardWs.get(0), List.of("report", "--run", "sharded-1", "--database", url));
        assertThat(report.waitFor(PATIENCE_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(report.exitValue()).as(Files.readString(shardWs.get(0).resolve("Logs/cli-stderr.log"))).isZero();
        try (var in = Files.newInputStream(shardWs.get(0).resolve("reports/excel/sharded-1.xlsx"));
             var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            assertThat(book.getSheet("Steps").getLastRowNum()).as("a header row and one row per step")
                    .isEqualTo(stepsInSuite());
        }

        // the plan orchestrator shards prints is the one the shards followed: by the single run's durations
        Process shardsCommand = start(singleWs, List.of("shards", "--count", "4", "--json",
                "-c", "orchestrator.database.url=" + url, "-c", "orchestrator.run-id=sharded-1"));
        assertThat(shardsCommand.waitFor(PATIENCE_MS, TimeUnit.MILLISECONDS)).isTrue();
        JsonNode plan = summary(singleWs);
        assertThat(shardsCommand.exitValue()).as(plan.toString()).isZero();
        assertThat(plan.get("by").asText()).as(Files.readString(singleWs.resolve("Logs/cli-stderr.log")))
                .isEqualTo("duration");
        JsonNode parts = plan.get("shards");
        for (int k = 1; k <= SHARDS; k++) {
            for (JsonNode id : parts.get(k - 1).get("recipes")) {
                assertThat(shardOfRecipe.get(id.asText())).as(id.asText()).isEqualTo(k);
            }
        }
    }

    @Test
    void aShardKilledMidRunLeavesItsRecipesInterruptedAndTheRunInterrupted() throws Exception {
        cluster.createDatabase("dying");
        String url = cluster.url("dying");
        Path ws = TestWorkspace.in(dir.resolve("dying")).root;
        Files.writeString(ws.resolve("recipes/sleepy.yaml"), """
                test_meta: {test_id: sleepy, tester: qa, description: a step that outlives its shard}
                steps:
                  - {idx: 1, name: nap, type: shell, cmd: scriptlets/shell/nap.sh}
                """);
        Path nap = ws.resolve("scriptlets/shell/nap.sh");
        Files.writeString(nap, "#!/usr/bin/env bash\nset -Eeuo pipefail\ntouch \"$ORCH_WORKSPACE/Data/napping\"\nsleep 300\n");
        nap.toFile().setExecutable(true);
        Process shard = cli(ws, url, "dying-1", "1/2");
        Path napping = ws.resolve("Data/napping");
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        while (!Files.exists(napping)) {
            assertThat(shard.isAlive()).as("the shard ended before its step started").isTrue();
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(100);
        }
        shard.destroyForcibly();
        assertThat(shard.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // the next opening (any process, here this one) sees the shard's JVM gone
        DatabaseTarget target = DatabaseTarget.of(ws, Optional.of(url), cluster.credentials());
        try (RunDatabase db = RunDatabase.open(target)) {
            assertThat(db.runStatus("dying-1")).contains("interrupted");
            assertThat(db.lastRuns("sleepy", 1)).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo("interrupted"));
        }
        try (Connection c = cluster.connect("dying")) {
            assertThat(text(c, "SELECT status FROM run_shards WHERE run_id = 'dying-1' AND shard = '1/2'"))
                    .isEqualTo("interrupted");
        }
    }

    @Test
    void oneMigrationSetMakesTheSameTablesAndColumnsOnSqliteAndPostgresql() throws Exception {
        cluster.createDatabase("schema");
        DatabaseTarget postgres = DatabaseTarget.of(dir, Optional.of(cluster.url("schema")), cluster.credentials());
        DatabaseTarget sqlite = DatabaseTarget.sqlite(dir.resolve("schema.db"));
        int version;
        try (RunDatabase pg = RunDatabase.open(postgres); RunDatabase lite = RunDatabase.open(sqlite)) {
            version = pg.schemaVersion();
            assertThat(version).isEqualTo(lite.schemaVersion()).isGreaterThanOrEqualTo(5);
        }
        // opening again migrates nothing (the version is read back)
        try (RunDatabase again = RunDatabase.open(postgres)) {
            assertThat(again.schemaVersion()).isEqualTo(version);
        }
        Map<String, List<String>> pgColumns = new TreeMap<>();
        try (Connection c = cluster.connect("schema"); PreparedStatement st = c.prepareStatement(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                        + "ORDER BY table_name, ordinal_position"); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                pgColumns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        Map<String, List<String>> liteColumns = new TreeMap<>();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("schema.db"));
             PreparedStatement st = c.prepareStatement("SELECT m.name, p.name FROM sqlite_master m, "
                     + "pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name <> 'sqlite_sequence' ORDER BY m.name, p.cid");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                liteColumns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        assertThat(pgColumns).isEqualTo(liteColumns).containsKeys("runs", "run_shards", "recipes", "step_results",
                "ctx_changes", "planned_steps", "schema_version");
    }

    /** A workspace with the 40 recipes; recipe i has 3 + i % 4 steps, r07 fails its check (and skips its report). */
    private Path suite(String name) throws IOException {
        Path ws = TestWorkspace.in(dir.resolve(name)).root;
        Path twice = ws.resolve("scriptlets/shell/twice.sh");
        Files.writeString(twice, """
                #!/usr/bin/env bash
                set -Eeuo pipefail
                source "$(dirname "$0")/lib/ctx.sh"
                n=$(ctx_get n)
                ctx_set doubled "$((n * 2))"
                ctx_set_string shell_saw "n=$n"
                """);
        twice.toFile().setExecutable(true);
        for (int i = 0; i < RECIPES; i++) {
            StringBuilder yaml = new StringBuilder("""
                    test_meta: {test_id: r%02d, tester: qa, description: recipe %d of the shard suite}
                    steps:
                      - {idx: 1, name: seed, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {n: %d, label: r%02d}}}
                      - {idx: 2, name: twice, type: shell, cmd: scriptlets/shell/twice.sh}
                    """.formatted(i, i, i, i));
            for (int x = 0; x < i % 4; x++) {
                yaml.append("  - {idx: %d, name: extra_%d, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {extra_%d: %d}}}\n"
                        .formatted(3 + x, x, x, i * 10 + x));
            }
            int expected = i == 7 ? -1 : 2 * i;
            yaml.append("  - {idx: %d, name: check, type: java, class: dev.orchestrator.scriptlets.AssertCtx, params: {expected: {doubled: %d}}}\n"
                    .formatted(3 + i % 4, expected));
            if (i == 7) {
                yaml.append("  - {idx: 9, name: report, type: java, class: dev.orchestrator.scriptlets.SetCtx, params: {values: {reported: true}}}\n");
            }
            Files.writeString(ws.resolve("recipes/r%02d.yaml".formatted(i)), yaml.toString());
        }
        return ws;
    }

    private static int stepsInSuite() {
        int steps = 0;
        for (int i = 0; i < RECIPES; i++) {
            steps += 3 + i % 4 + (i == 7 ? 1 : 0);
        }
        return steps;
    }

    /** The CLI as its own JVM, logging in with the cluster's credentials from the environment. */
    private Process cli(Path ws, String url, String runId, String shard) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "-r", "recipes/*.yaml",
                "--json", "-q", "--parallelism", "2", "-c", "orchestrator.database.url=" + url,
                "-c", "orchestrator.run-id=" + runId, "-c", "orchestrator.reports=database,allure"));
        if (shard != null) {
            args.addAll(List.of("--shard", shard));
        }
        return start(ws, args);
    }

    private Process start(Path ws, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        // files, not pipes: four processes write while this thread waits for the first
        ProcessBuilder builder = new ProcessBuilder(command).directory(ws.toFile())
                .redirectOutput(ws.resolve("Logs/cli-stdout.json").toFile())
                .redirectError(ws.resolve("Logs/cli-stderr.log").toFile());
        builder.environment().putAll(cluster.credentials());
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    /** The JSON summary the CLI printed (its stderr appended when it is not JSON). */
    private static JsonNode summary(Path ws) throws IOException {
        String out = Files.readString(ws.resolve("Logs/cli-stdout.json"), StandardCharsets.UTF_8);
        try {
            return new ObjectMapper().readTree(out.substring(Math.max(0, out.indexOf('{'))));
        } catch (IOException notJson) {
            throw new AssertionError(out + "\n" + Files.readString(ws.resolve("Logs/cli-stderr.log")), notJson);
        }
    }

    /**
     * The rows of {@code table} for {@code runId}, by recipe, without run ids and timestamps: what must be the
     * same whichever process ran the recipe.
     */
    private static Map<String, List<String>> rows(Connection c, String table, String runId) throws SQLException {
        String columns = switch (table) {
            case "recipes" -> "recipe, tester, description, status, passed, failed, skipped, tags";
            case "step_results" -> "recipe, step, idx, type, status, attempts, failure_message, skip_reason";
            case "planned_steps" -> "recipe, step, idx, type, depends_on, params";
            case "ctx_changes" -> "recipe, key, op, old, new, who, what";
            default -> throw new IllegalArgumentException(table);
        };
        String order = table.equals("ctx_changes") ? "recipe, id" : table.equals("recipes") ? "recipe" : "recipe, idx";
        Map<String, List<String>> byRecipe = new TreeMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT " + columns + " FROM " + table + " WHERE run_id = ? ORDER BY "
                + order)) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 2; i <= n; i++) {
                        // a failure message names the run's log file, whose name has a timestamp
                        String value = rs.getString(i);
                        row.add(value == null ? null : value.replaceAll("\\d{8}-\\d{6}[-_0-9a-z]*", "<stamp>"));
                    }
                    byRecipe.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(String.join(" | ",
                            row.stream().map(String::valueOf).toList()));
                }
            }
        }
        return byRecipe;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
