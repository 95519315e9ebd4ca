package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.orchestrator.report.database.internal.RunDatabase;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

/** {@code orchestrator.shard}: each shard's test plan holds only its recipes; together they hold every recipe once. */
class ShardEngineTest {

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void sixRecipes() {
        ws = new Workspace(dir);
        for (int i = 0; i < 6; i++) {
            StringBuilder yaml = new StringBuilder("test_meta: {test_id: r%d, tester: qa, description: shard me}\nsteps:\n"
                    .formatted(i));
            for (int s = 1; s <= 1 + i % 3; s++) {
                yaml.append("  - {idx: %d, name: s%d, type: java, class: dev.orchestrator.testing.Scriptlets$Put, params: {set: {k%d: %d}}}\n"
                        .formatted(s, s, s, i));
            }
            ws.recipe("r" + i + ".yaml", yaml.toString());
        }
    }

    private Set<String> recipesOf(EngineDiscoveryResults discovery) {
        Set<String> ids = new HashSet<>();
        for (TestDescriptor recipe : discovery.getEngineDescriptor().getChildren()) {
            ids.add(recipe.getDisplayName());
        }
        return ids;
    }

    private EngineDiscoveryResults discover(String shard) {
        return EngineRun.in(ws).config(Constants.SHARD, shard).discover(selectDirectory(ws.resolve("recipes").toFile()));
    }

    @Test
    void theShardsOfARunPartitionItsRecipesAndPruneTheOthersFromTheTestPlan() {
        List<Set<String>> shards = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            EngineDiscoveryResults discovery = discover(k + "/3");
            assertThat(discovery.getDiscoveryIssues()).isEmpty();
            shards.add(recipesOf(discovery));
        }
        Set<String> union = new HashSet<>();
        int total = 0;
        for (Set<String> shard : shards) {
            assertThat(shard).isNotEmpty();
            union.addAll(shard);
            total += shard.size();
        }
        assertThat(union).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5");
        assertThat(total).isEqualTo(6);
        // by step count (1, 2, 3, 1, 2, 3 steps), longest first, ties by test_id
        assertThat(shards.get(0)).containsExactlyInAnyOrder("r2", "r0");
        assertThat(shards.get(1)).containsExactlyInAnyOrder("r5", "r3");
        assertThat(shards.get(2)).containsExactlyInAnyOrder("r1", "r4");
    }

    @Test
    void aShardRunsOnlyItsRecipes() {
        var results = EngineRun.in(ws).config(Constants.SHARD, "2/3").config(Constants.REPORTS, "none")
                .execute(selectDirectory(ws.resolve("recipes").toFile()));

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    }

    @Test
    void aRerunByUniqueIdRunsWhatItNamesWhateverTheShard() {
        // r1 is in shard 3 of 3; a rerun of it (Surefire, an IDE) names it by unique id with the same settings
        var rerun = EngineRun.in(ws).config(Constants.SHARD, "1/3").discover(selectUniqueId(
                UniqueId.forEngine(Constants.ENGINE_ID).append("recipe", "r1").append("step", "s2")));

        assertThat(recipesOf(rerun)).containsExactly("r1");
    }

    @Test
    void aBadShardIsADiscoveryErrorNamingTheKey() {
        for (String bad : List.of("5/4", "0/2", "half", "1/0")) {
            List<DiscoveryIssue> issues = discover(bad).getDiscoveryIssues();
            assertThat(issues).as(bad).singleElement().satisfies(issue -> {
                assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
                assertThat(issue.message()).contains(Constants.SHARD).contains("'" + bad + "'").contains("k/n");
            });
        }
    }

    @Test
    void aBadDatabaseUrlIsADiscoveryErrorNamingTheKey() {
        List<DiscoveryIssue> issues = EngineRun.in(ws).config(Constants.DATABASE_URL, "jdbc:mysql://db/orch")
                .discover(selectDirectory(ws.resolve("recipes").toFile())).getDiscoveryIssues();

        assertThat(issues).singleElement().satisfies(issue -> assertThat(issue.message())
                .contains(Constants.DATABASE_URL).contains("jdbc:postgresql://"));
    }

    @Test
    void recordedDurationsInTheRunDatabaseDecideThePlanLeavingOutTheRunBeingPlanned() throws Exception {
        Path db = ws.resolve("Data/orchestrator.db");
        RunDatabase.open(db).close(); // the schema
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            // r0 (one step) took a minute; the others a second; the run being planned says r5 took an hour
            for (int i = 0; i < 6; i++) {
                insertRecipe(c, "earlier", "r" + i, i == 0 ? "2026-01-01T00:01:00.000000Z" : "2026-01-01T00:00:01.000000Z");
            }
            insertRecipe(c, "test-run", "r5", "2026-01-01T01:00:00.000000Z");
        }
        Set<String> first = recipesOf(discover("1/2"));
        Set<String> second = recipesOf(discover("2/2"));

        assertThat(first).containsExactly("r0");
        assertThat(second).containsExactlyInAnyOrder("r1", "r2", "r3", "r4", "r5");
    }

    private static void insertRecipe(Connection c, String runId, String recipe, String finished) throws Exception {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO recipes (run_id, recipe, started, finished, status) "
                + "VALUES (?, ?, '2026-01-01T00:00:00.000000Z', ?, 'passed')")) {
            st.setString(1, runId);
            st.setString(2, recipe);
            st.setString(3, finished);
            st.executeUpdate();
        }
    }

    @Test
    void theShardsOfOneRunShareItsRowAndEachRecordsItsOwnRecipes() throws Exception {
        for (String shard : List.of("1/2", "2/2")) {
            EngineRun.in(ws).config(Constants.SHARD, shard).config(Constants.REPORTS, "database")
                    .config(Constants.RUN_ID, "shared-run").execute(selectDirectory(ws.resolve("recipes").toFile()))
                    .testEvents().assertStatistics(s -> s.failed(0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("Data/orchestrator.db"));
             Statement st = c.createStatement()) {
            assertThat(single(st, "SELECT COUNT(*) FROM runs WHERE run_id = 'shared-run' AND finished IS NOT NULL "
                    + "AND shards = 2 AND status IS NULL")).isEqualTo("1");
            assertThat(single(st, "SELECT COUNT(*) FROM run_shards WHERE run_id = 'shared-run' AND finished IS NOT NULL"))
                    .isEqualTo("2");
            assertThat(single(st, "SELECT COUNT(DISTINCT recipe) FROM recipes WHERE run_id = 'shared-run'")).isEqualTo("6");
            assertThat(single(st, "SELECT COUNT(*) FROM step_results WHERE run_id = 'shared-run' AND status = 'passed'"))
                    .isEqualTo("12");
            assertThat(single(st, "SELECT group_concat(DISTINCT shard) FROM recipes WHERE run_id = 'shared-run'"))
                    .contains("1/2").contains("2/2");
        }
    }

    @Test
    void aShardLeftWithoutRecipesStillFinishesItsPartSoTheRunFinishes() throws Exception {
        // 6 recipes in 8 shards: shards 7 and 8 get none, and the run is finished only once they say so
        for (int k = 1; k <= 8; k++) {
            EngineRun.in(ws).config(Constants.SHARD, k + "/8").config(Constants.REPORTS, "database")
                    .config(Constants.RUN_ID, "wide-run").execute(selectDirectory(ws.resolve("recipes").toFile()))
                    .testEvents().assertStatistics(s -> s.failed(0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("Data/orchestrator.db"));
             Statement st = c.createStatement()) {
            assertThat(single(st, "SELECT COUNT(*) FROM run_shards WHERE run_id = 'wide-run' AND finished IS NOT NULL"))
                    .isEqualTo("8");
            assertThat(single(st, "SELECT COUNT(*) FROM runs WHERE run_id = 'wide-run' AND finished IS NOT NULL "
                    + "AND shards = 8 AND status IS NULL")).isEqualTo("1");
            assertThat(single(st, "SELECT COUNT(DISTINCT recipe) FROM recipes WHERE run_id = 'wide-run'")).isEqualTo("6");
        }
        // a launch that selects nothing of this engine is still no run at all
        EngineRun.in(ws).config(Constants.SHARD, "1/2").config(Constants.REPORTS, "database")
                .config(Constants.RUN_ID, "nothing-run").execute(selectDirectory(ws.resolve("Data").toFile()));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("Data/orchestrator.db"));
             Statement st = c.createStatement()) {
            assertThat(single(st, "SELECT COUNT(*) FROM runs WHERE run_id = 'nothing-run'")).isEqualTo("0");
        }
    }

    private static String single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aShardedRunTakesTheCiRunIdSoEveryShardAgrees() {
        assertThat(ShardConfiguration.ciRunId(Map.of("GITHUB_RUN_ID", "987", "GITHUB_RUN_ATTEMPT", "2")))
                .contains("987-2");
        assertThat(ShardConfiguration.ciRunId(Map.of("CI_PIPELINE_ID", "55"))).contains("55");
        assertThat(ShardConfiguration.ciRunId(Map.of("HOME", "/root"))).isEmpty();
    }
}
