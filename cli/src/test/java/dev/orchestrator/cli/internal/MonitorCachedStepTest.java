package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.monitor.internal.Monitor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's JSON names the run a step served from the step cache came from and counts such steps on the runs
 * list and the comparison (docs/monitor.md, docs/caching.md), against a database written by two real CLI runs of a recipe with a cached step.
 */
class MonitorCachedStepTest {

    /** {@code load} is cached (its result reused by the second run), {@code check} runs every time. */
    static final String RECIPE = """
            test_meta: {test_id: cachedui, tester: qa, description: a cached step and one that runs}
            steps:
              - idx: 1
                name: load
                type: java
                class: dev.orchestrator.scriptlets.SetCtx
                params: {values: {rows: 3}}
                cache: true
              - idx: 2
                name: check
                type: java
                class: dev.orchestrator.scriptlets.SetCtx
                depends_on: [load]
                params: {values: {checked: true}}
            """;

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    Monitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    /** Runs {@link #RECIPE} twice in {@code ws}, as run {@code cache-1} then {@code cache-2}. */
    static void twoRuns(TestWorkspace ws) throws Exception {
        ws.write("recipes/cachedui.yaml", RECIPE);
        for (String run : new String[] {"cache-1", "cache-2"}) {
            int code = Main.execute(new String[] {"run", "-w", ws.root.toString(), "-r", "recipes/cachedui.yaml", "-c",
                    "orchestrator.run-id=" + run}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            assertThat(code).isZero();
        }
    }

    @Test
    void theRunAndStepAnswersNameTheRunACachedStepCameFrom() throws Exception {
        TestWorkspace ws = TestWorkspace.in(dir.resolve("ws"));
        twoRuns(ws);
        monitor = Monitor.start(new Monitor.Options(ws.root, "127.0.0.1", 0));

        JsonNode second = api("run?id=cache-2").get("recipes").get(0).get("steps");
        assertThat(second.findValuesAsText("step")).containsExactly("load", "check");
        assertThat(second.get(0).get("status").asText()).isEqualTo("passed");
        assertThat(second.get(0).get("cachedFrom").asText()).isEqualTo("cache-1");
        assertThat(second.get(1).get("cachedFrom").isNull()).isTrue();
        assertThat(api("step?run=cache-2&recipe=cachedui&step=load").get("step").get("cachedFrom").asText())
                .isEqualTo("cache-1");
        // in the first run both steps ran
        JsonNode first = api("run?id=cache-1").get("recipes").get(0).get("steps");
        assertThat(first.findValues("cachedFrom")).allSatisfy(v -> assertThat(v.isNull()).isTrue()).hasSize(2);
    }

    @Test
    void theRunsListAndTheComparisonCountTheCachedSteps() throws Exception {
        TestWorkspace ws = TestWorkspace.in(dir.resolve("ws"));
        twoRuns(ws);
        monitor = Monitor.start(new Monitor.Options(ws.root, "127.0.0.1", 0));

        JsonNode runs = api("runs").get("runs");
        assertThat(runs.findValuesAsText("runId")).containsExactly("cache-2", "cache-1");
        assertThat(runs.get(0).get("passed").asInt()).isEqualTo(2);
        assertThat(runs.get(0).get("cached").asInt()).isEqualTo(1);
        assertThat(runs.get(1).get("passed").asInt()).isEqualTo(2);
        assertThat(runs.get(1).get("cached").asInt()).isZero();
        assertThat(api("run?id=cache-2").get("run").get("cached").asInt()).isEqualTo(1);

        JsonNode diff = api("diff?a=cache-1&b=cache-2");
        assertThat(diff.get("aCached").asInt()).isZero();
        assertThat(diff.get("bCached").asInt()).isEqualTo(1);
        JsonNode load = diff.get("steps").get(0);
        assertThat(load.get("step").asText()).isEqualTo("load");
        assertThat(load.get("aCachedFrom").isNull()).isTrue();
        assertThat(load.get("bCachedFrom").asText()).isEqualTo("cache-1");
        assertThat(load.get("statusChanged").asBoolean()).isFalse();
        JsonNode check = diff.get("steps").get(1);
        assertThat(check.get("aCachedFrom").isNull()).isTrue();
        assertThat(check.get("bCachedFrom").isNull()).isTrue();
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + monitor.port() + "/api/" + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
