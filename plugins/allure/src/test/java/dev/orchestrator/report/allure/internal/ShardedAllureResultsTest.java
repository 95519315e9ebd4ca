package dev.orchestrator.report.allure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The Allure results of several shards of one run, written into one folder, make one report: every result is kept
 * and parseable, ids are unique, history ids are the same whichever shard or run wrote them, and each result names
 * its shard.
 */
class ShardedAllureResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Workspace workspace() {
        Workspace ws = new Workspace(dir);
        for (String id : List.of("alpha", "beta", "gamma", "delta")) {
            ws.recipe(id + ".yaml", """
                    test_meta: {test_id: %1$s, tester: qa, description: one of four}
                    steps:
                      - {idx: 1, name: first, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                      - {idx: 2, name: second, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                    """.formatted(id));
        }
        return ws;
    }

    @Test
    void twoShardsWritingIntoOneFolderAtOnceKeepEveryResult() throws Exception {
        Workspace ws = workspace();
        Path stale = ws.file("reports/allure-results/stale-result.json", "{}");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        CyclicBarrier start = new CyclicBarrier(2);
        List<AtomicReference<EngineExecutionResults>> runs = List.of(new AtomicReference<>(), new AtomicReference<>());
        List<Thread> shards = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            String shard = k + "/2";
            AtomicReference<EngineExecutionResults> out = runs.get(k - 1);
            shards.add(new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                out.set(EngineRun.in(ws).config(Constants.RUN_ID, "shared-run").config(Constants.SHARD, shard)
                        .config(Constants.ALLURE_CLEAN, "true").execute(selectDirectory(ws.resolve("recipes").toFile())));
            }));
        }
        shards.forEach(Thread::start);
        for (Thread shard : shards) {
            shard.join();
        }

        long reported = runs.stream().map(AtomicReference::get)
                .mapToLong(r -> r.testEvents().finished().count() + r.testEvents().skipped().count()).sum();
        List<JsonNode> results = results(ws);
        assertThat(reported).isPositive();
        assertThat(results).hasSize((int) reported);
        assertThat(stale).as("cleaned once, before both shards").doesNotExist();

        Set<String> uuids = new HashSet<>();
        Set<String> steps = new HashSet<>();
        for (JsonNode result : results) {
            assertThat(uuids.add(result.get("uuid").asText())).as("unique uuid").isTrue();
            steps.add(result.get("fullName").asText());
            assertThat(result.get("historyId").asText()).isEqualTo(result.get("testCaseId").asText());
            assertThat(label(result, "shard")).isIn("1/2", "2/2");
            assertThat(label(result, "thread")).isEqualTo("shard " + label(result, "shard"));
            for (JsonNode attachment : result.get("attachments")) {
                assertThat(ws.resolve("reports/allure-results").resolve(attachment.get("source").asText())).exists();
            }
        }
        assertThat(steps).containsExactlyInAnyOrder("alpha.first", "alpha.second", "beta.first", "beta.second",
                "gamma.first", "gamma.second", "delta.first", "delta.second");
        assertThat(ws.resolve("reports/allure-results/" + AllureClean.MARKERS))
                .isDirectoryNotContaining(p -> !p.getFileName().toString().startsWith("."));
    }

    @Test
    void aShardStartingAfterAnotherFinishedKeepsItsResultsAndANewRunCleansThemAway() throws Exception {
        Workspace ws = workspace();
        EngineRun.in(ws).config(Constants.RUN_ID, "run-1").config(Constants.SHARD, "1/2")
                .config(Constants.ALLURE_CLEAN, "true").execute(selectDirectory(ws.resolve("recipes").toFile()));
        List<JsonNode> first = results(ws);
        backdate(ws);

        EngineRun.in(ws).config(Constants.RUN_ID, "run-1").config(Constants.SHARD, "2/2")
                .config(Constants.ALLURE_CLEAN, "true").execute(selectDirectory(ws.resolve("recipes").toFile()));
        List<JsonNode> both = results(ws);
        assertThat(both.size()).isGreaterThan(first.size());
        assertThat(both.stream().map(r -> r.get("uuid").asText()))
                .containsAll(first.stream().map(r -> r.get("uuid").asText()).toList());
        backdate(ws);

        EngineRun.in(ws).config(Constants.RUN_ID, "run-2").config(Constants.ALLURE_CLEAN, "true")
                .execute(selectDirectory(ws.resolve("recipes").toFile()));
        List<JsonNode> next = results(ws);
        assertThat(next.stream().map(r -> r.get("uuid").asText()))
                .doesNotContainAnyElementsOf(both.stream().map(r -> r.get("uuid").asText()).toList());
        assertThat(next).allSatisfy(r -> assertThat(label(r, "shard")).isNull());
        // Allure's history follows a step across runs and shards: same history id, new uuid
        assertThat(next.stream().map(r -> r.get("historyId").asText()).distinct())
                .containsExactlyInAnyOrderElementsOf(both.stream().map(r -> r.get("historyId").asText()).distinct()
                        .toList());
    }

    /** Cleaning compares modification times with run starts: make what is there clearly older than the next run. */
    private static void backdate(Workspace ws) throws Exception {
        try (Stream<Path> files = Files.list(ws.resolve("reports/allure-results"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            }
        }
        try (Stream<Path> records = Files.list(ws.resolve("reports/allure-results/" + AllureClean.MARKERS))) {
            for (Path record : records.toList()) {
                Files.setLastModifiedTime(record, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            }
        }
    }

    private static List<JsonNode> results(Workspace ws) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(ws.resolve("reports/allure-results"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                results.add(JSON.readTree(file.toFile()));
            }
        }
        return results;
    }

    private static String label(JsonNode result, String name) {
        for (JsonNode label : result.get("labels")) {
            if (name.equals(label.get("name").asText())) {
                return label.get("value").asText();
            }
        }
        return null;
    }
}
