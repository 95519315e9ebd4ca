package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.monitor.internal.Monitor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JSON endpoint of the monitor against a database written by real runs of the CLI ({@code orchestrator
 * run}, in this JVM), plus the read-only, escaping, host and token rules, and the runs page over 10 000 runs.
 */
class MonitorHttpTest {

    static final String PROBE = "<script>alert('xss')</script>";

    @TempDir
    static Path dir;

    static TestWorkspace ws;
    static Monitor monitor;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static String recipe(String region) {
        return """
                test_meta: {test_id: monitored, tester: "<b>qa</b>", description: monitor tests, tags: [nightly]}
                steps:
                  - idx: 1
                    name: seed
                    type: java
                    class: dev.orchestrator.scriptlets.SetCtx
                    params: {values: {region: %s, probe: "%s", api_token: hunter2}}
                    writes: [region, probe, api_token]
                  - idx: 2
                    name: check
                    type: java
                    class: dev.orchestrator.scriptlets.AssertCtx
                    depends_on: [seed]
                    reads: [region]
                    params: {expected: {region: eu}}
                """.formatted(region, PROBE);
    }

    static int cli(String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    @BeforeAll
    static void twoRealRuns() throws IOException {
        ws = TestWorkspace.in(dir.resolve("ws"));
        ws.write("recipes/monitored.yaml", recipe("eu"));
        assertThat(cli("run", "-w", ws.root.toString(), "-r", "recipes/monitored.yaml", "-c", "orchestrator.run-id=run-a")).isZero();
        ws.write("recipes/monitored.yaml", recipe("us"));
        assertThat(cli("run", "-w", ws.root.toString(), "-r", "recipes/monitored.yaml", "-c", "orchestrator.run-id=run-b")).isEqualTo(1);
        monitor = Monitor.start(new Monitor.Options(ws.root, "127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode api(String path) throws Exception {
        HttpResponse<String> response = get("/api/" + path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theRunsPageListsRunsNewestFirstWithLiveCountsAndFilters() throws Exception {
        JsonNode page = api("runs?size=10");
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("runs").findValuesAsText("runId")).containsExactly("run-b", "run-a");
        JsonNode b = page.get("runs").get(0);
        assertThat(b.get("status").asText()).isEqualTo("failed");
        assertThat(b.get("passed").asInt()).isEqualTo(1);
        assertThat(b.get("failed").asInt()).isEqualTo(1);
        // this JVM is Surefire's: without the CLI's word the engine would record "maven"
        assertThat(page.get("runs").findValuesAsText("origin")).containsExactly("cli", "cli");
        assertThat(page.get("recipeNames").toString()).contains("monitored");

        assertThat(api("runs?status=passed").get("runs").findValuesAsText("runId")).containsExactly("run-a");
        assertThat(api("runs?tag=nightly").get("total").asInt()).isEqualTo(2);
        assertThat(api("runs?tag=weekly").get("total").asInt()).isZero();
        assertThat(api("runs?recipe=other").get("total").asInt()).isZero();
        assertThat(api("runs?from=2000-01-01&to=2999-12-31").get("total").asInt()).isEqualTo(2);
        assertThat(api("runs?to=2000-01-01").get("total").asInt()).isZero();
        assertThat(api("runs?size=1&page=1").get("runs").findValuesAsText("runId")).containsExactly("run-a");
    }

    @Test
    void oneRunHasItsStepsWithTimesResourcesDependenciesAndFailures() throws Exception {
        JsonNode run = api("run?id=run-b");
        assertThat(run.get("run").get("status").asText()).isEqualTo("failed");
        JsonNode recipe = run.get("recipes").get(0);
        assertThat(recipe.get("recipe").asText()).isEqualTo("monitored");
        assertThat(recipe.get("tags").toString()).contains("nightly");
        JsonNode seed = recipe.get("steps").get(0);
        JsonNode check = recipe.get("steps").get(1);
        assertThat(seed.get("step").asText()).isEqualTo("seed");
        assertThat(seed.get("status").asText()).isEqualTo("passed");
        assertThat(seed.get("started").asText()).isNotEmpty();
        assertThat(seed.get("wallMs").asDouble()).isPositive();
        assertThat(check.get("status").asText()).isEqualTo("failed");
        assertThat(check.get("dependsOn").toString()).isEqualTo("[\"seed\"]");
        // the declared ctx contracts, for the graph's data edges; an undeclared list is null, not []
        assertThat(seed.get("writes").toString()).isEqualTo("[\"region\",\"probe\",\"api_token\"]");
        assertThat(seed.get("reads").isNull()).isTrue();
        assertThat(check.get("reads").toString()).isEqualTo("[\"region\"]");
        assertThat(check.get("writes").isNull()).isTrue();
        assertThat(check.get("failureMessage").asText()).contains("region");
        assertThat(get("/api/run?id=nope").statusCode()).isEqualTo(404);
        assertThat(get("/api/run").statusCode()).isEqualTo(400);
    }

    @Test
    void oneStepHasMaskedParamsItsCtxChangesAndItsHistory() throws Exception {
        JsonNode step = api("step?run=run-a&recipe=monitored&step=seed");
        assertThat(step.get("step").get("params").toString()).contains("******").doesNotContain("hunter2");
        assertThat(step.get("changes").findValuesAsText("key")).contains("region", "probe", "api_token");
        assertThat(step.get("changes").toString()).doesNotContain("hunter2");
        assertThat(step.get("trend").findValuesAsText("runId")).containsExactly("run-b", "run-a");
        assertThat(step.get("step").get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aStepLogIsReadFromTheFileTheDatabaseNamesInPieces() throws Exception {
        JsonNode log = api("log?run=run-b&recipe=monitored&step=check");
        assertThat(log.get("path").asText()).isNotEmpty();
        assertThat(log.get("running").asBoolean()).isFalse();
        assertThat(log.get("offset").asLong()).isEqualTo(log.get("size").asLong());
        JsonNode rest = api("log?run=run-b&recipe=monitored&step=check&offset=" + log.get("offset").asLong());
        assertThat(rest.get("text").asText()).isEmpty();
        // no parameter names a file: an unknown step has no log at all
        assertThat(get("/api/log?run=run-b&recipe=monitored&step=..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
    }

    @Test
    void theCtxIsShownAtAnyPointOfItsHistory() throws Exception {
        JsonNode all = api("ctx?run=run-a&recipe=monitored");
        int total = all.get("total").asInt();
        assertThat(all.get("ctx").get("region").asText()).isEqualTo("eu");
        assertThat(all.get("ctx").get("probe").asText()).isEqualTo(PROBE);
        assertThat(all.get("ctx").get("api_token").asText()).isEqualTo("******");
        JsonNode none = api("ctx?run=run-a&recipe=monitored&at=0");
        assertThat(none.get("ctx").size()).isZero();
        JsonNode before = api("ctx?run=run-a&recipe=monitored&at=" + (total - 1));
        assertThat(before.get("ctx").size()).isEqualTo(all.get("ctx").size() - 1);
        assertThat(before.get("change").get("who").asText()).isNotEmpty();
    }

    @Test
    void aKeyHasItsHistoryAcrossRuns() throws Exception {
        JsonNode history = api("history?recipe=monitored&key=region");
        assertThat(history.findValuesAsText("runId")).containsExactly("run-a", "run-b");
        assertThat(history.get(1).get("value").asText()).isEqualTo("us");
        assertThat(history.get(1).get("who").asText()).isEqualTo("seed");
    }

    @Test
    void twoRunsAreComparedStepByStepAndKeyByKey() throws Exception {
        JsonNode diff = api("diff?a=run-a&b=run-b");
        assertThat(diff.get("recipe").asText()).isEqualTo("monitored");
        JsonNode region = null;
        for (JsonNode k : diff.get("keys")) {
            if (k.get("key").asText().equals("region")) {
                region = k;
            }
        }
        assertThat(region).isNotNull();
        assertThat(region.get("same").asBoolean()).isFalse();
        assertThat(region.get("a").asText()).isEqualTo("eu");
        assertThat(region.get("b").asText()).isEqualTo("us");
        JsonNode check = diff.get("steps").get(1);
        assertThat(check.get("aStatus").asText()).isEqualTo("passed");
        assertThat(check.get("bStatus").asText()).isEqualTo("failed");
        assertThat(check.get("statusChanged").asBoolean()).isTrue();
    }

    @Test
    void trendsGivePassRateAndDurationsPerRecipe() throws Exception {
        JsonNode trends = api("trends");
        assertThat(trends.get(0).get("recipe").asText()).isEqualTo("monitored");
        assertThat(trends.get(0).get("passRate").asDouble()).isEqualTo(0.5);
        assertThat(trends.get(0).get("points")).hasSize(2);
    }

    @Test
    void aScriptInTheDataStaysTextAndThePageForbidsInlineScripts() throws Exception {
        HttpResponse<String> page = get("/run?id=run-a");
        assertThat(page.statusCode()).isEqualTo(200);
        // the page carries no data: everything comes as JSON and is put in as text by app.js
        assertThat(page.body()).doesNotContain("alert").doesNotContain("run-a");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self';", "object-src 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        // in JSON the value is a string, the tester's markup too
        assertThat(api("run?id=run-a").get("recipes").get(0).get("tester").asText()).isEqualTo("<b>qa</b>");
        // the page's script and the modules it imports
        for (String script : new String[] {"app.js", "graph.js", "format.js"}) {
            HttpResponse<String> js = get("/static/" + script);
            assertThat(js.statusCode()).as(script).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            assertThat(js.body()).as(script).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML");
        }
        assertThat(get("/static/echarts.min.js").statusCode()).isEqualTo(200);
    }

    @Test
    void theMonitorOnlyReads() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + "/api/runs"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void onLoopbackARequestForAnotherHostNameIsRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", monitor.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/runs HTTP/1.1\r\nHost: attacker.example:" + monitor.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void onAnyOtherAddressTheTokenIsRequired() throws Exception {
        try (Monitor open = Monitor.start(new Monitor.Options(ws.root, "0.0.0.0", 0))) {
            assertThat(open.token()).hasSizeGreaterThanOrEqualTo(32);
            String base = "http://127.0.0.1:" + open.port();
            HttpResponse<String> without = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/runs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(without.statusCode()).isEqualTo(403);
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/runs?token=abc")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(403);
            HttpResponse<String> with = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/?token=" + open.token())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(with.statusCode()).isEqualTo(200);
            String cookie = with.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> byCookie = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(byCookie.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theEventStreamSaysHelloThenTellsOfChanges() throws Exception {
        HttpResponse<java.util.stream.Stream<String>> events = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + monitor.port() + "/api/events")).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (var lines = events.body()) {
            assertThat(lines.filter(l -> l.startsWith("event:")).findFirst()).contains("event: hello");
        }
    }

    /** 10 000 runs (rows written beside a real run's, in the engine's schema): the first page and a filter. */
    @Test
    void tenThousandRunsStillAnswerTheRunsPage(@TempDir Path big) throws Exception {
        Files.createDirectories(big.resolve("Data"));
        Path db = big.resolve("Data/orchestrator.db");
        Files.copy(ws.root.resolve("Data/orchestrator.db"), db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            try (PreparedStatement run = c.prepareStatement("INSERT INTO runs (run_id, workspace, started, finished) VALUES (?, ?, ?, ?)");
                 PreparedStatement recipe = c.prepareStatement("INSERT INTO recipes (run_id, recipe, started, finished, status, passed, failed) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement step = c.prepareStatement("INSERT INTO step_results (run_id, recipe, step, idx, type, status, started, finished, wall_ms) VALUES (?, ?, ?, ?, 'java', ?, ?, ?, 5)")) {
                Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 0; i < 10_000; i++) {
                    String id = "bulk-" + i;
                    String started = t0.plusSeconds(60L * i) + "";
                    String finished = t0.plusSeconds(60L * i + 30) + "";
                    boolean failed = i % 10 == 0;
                    run.setString(1, id); run.setString(2, "ws"); run.setString(3, started); run.setString(4, finished);
                    run.addBatch();
                    recipe.setString(1, id); recipe.setString(2, "r" + (i % 5)); recipe.setString(3, started);
                    recipe.setString(4, finished); recipe.setString(5, failed ? "failed" : "passed");
                    recipe.setInt(6, failed ? 2 : 3); recipe.setInt(7, failed ? 1 : 0);
                    recipe.addBatch();
                    for (int s = 0; s < 3; s++) {
                        step.setString(1, id); step.setString(2, "r" + (i % 5)); step.setString(3, "s" + s); step.setInt(4, s + 1);
                        step.setString(5, failed && s == 2 ? "failed" : "passed"); step.setString(6, started); step.setString(7, finished);
                        step.addBatch();
                    }
                }
                run.executeBatch();
                recipe.executeBatch();
                step.executeBatch();
            }
            c.commit();
        }
        try (Monitor bigMonitor = Monitor.start(new Monitor.Options(big, "127.0.0.1", 0))) {
            URI first = URI.create("http://127.0.0.1:" + bigMonitor.port() + "/api/runs?size=50");
            URI filtered = URI.create("http://127.0.0.1:" + bigMonitor.port() + "/api/runs?size=50&status=failed&recipe=r0");
            HTTP.send(HttpRequest.newBuilder(first).build(), HttpResponse.BodyHandlers.ofString()); // warm-up
            long start = System.nanoTime();
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(first).build(), HttpResponse.BodyHandlers.ofString());
            long firstMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            HttpResponse<String> failed = HTTP.send(HttpRequest.newBuilder(filtered).build(), HttpResponse.BodyHandlers.ofString());
            long filteredMs = (System.nanoTime() - start) / 1_000_000;
            JsonNode body = JSON.readTree(page.body());
            assertThat(body.get("total").asInt()).isEqualTo(10_002);
            assertThat(body.get("runs")).hasSize(50);
            assertThat(body.get("runs").findValuesAsText("runId")).startsWith("run-b", "run-a", "bulk-9999");
            assertThat(JSON.readTree(failed.body()).get("total").asInt()).isEqualTo(1_000);
            System.out.printf("monitor benchmark: runs page of 10 000 runs: first page %d ms, failed+recipe filter %d ms%n",
                    firstMs, filteredMs);
        }
    }
}
