package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Survivors;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EventType;

/**
 * Service steps (docs/services.md) with real processes: a service passes once ready, keeps running while the steps
 * that need it run, writes its output into its log for its whole life, and is stopped afterwards — whatever
 * happened — leaving no process behind.
 */
class ServiceStepTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private String marker;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir).withBridges();
        ws.file("Data/hello.txt", "hello from the service\n");
        marker = "service-probe-" + UUID.randomUUID();
        script("serve", "python3 -m http.server \"$2\" --bind 127.0.0.1 --directory \"$ORCH_WORKSPACE/Data\"");
        script("call", "python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10)"
                + ".read().decode().strip())' \"http://127.0.0.1:$2/hello.txt\" > \"$ORCH_WORKSPACE/Data/$ORCH_STEP.out\"");
    }

    private void script(String name, String body) {
        Path file = ws.file("scriptlets/shell/" + name + ".sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\n"
                + "source \"$(dirname \"$0\")/lib/ctx.sh\"\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    private EngineExecutionResults run(String testId, String steps) {
        Path recipe = ws.recipe(testId + ".yaml",
                "test_meta: {test_id: " + testId + ", tester: qa, description: services}\nsteps:\n" + steps);
        return EngineRun.in(ws).execute(selectFile(recipe.toFile()));
    }

    /** A port free now (the test's own service binds it a moment later). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private String log(String step) throws IOException {
        try (Stream<Path> logs = Files.list(ws.resolve("Logs"))) {
            Path log = logs.filter(p -> p.getFileName().toString().endsWith("_" + step + ".log")).findFirst()
                    .orElseThrow(() -> new AssertionError("no log of " + step));
            return Files.readString(log);
        }
    }

    private String env() {
        return "env: {PROBE: " + marker + "}";
    }

    @Test
    void anHttpServiceServesTwoDependantsAndIsStoppedAfterThem() throws Exception {
        int port = freePort();
        EngineExecutionResults results = run("http_service", """
                  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/serve.sh, args: {port: %d}, %s,
                     service: {ready: {http: "http://127.0.0.1:%d/hello.txt", status: 200}, ready_timeout: 20s}}
                  - {idx: 2, name: call_a, type: shell, cmd: scriptlets/shell/call.sh, args: {port: %d}, depends_on: [api]}
                  - {idx: 3, name: call_b, type: shell, cmd: scriptlets/shell/call.sh, args: {port: %d}, depends_on: [api]}
                """.formatted(port, env(), port, port, port));

        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0).skipped(0));
        assertThat(Files.readString(ws.resolve("Data/call_a.out"))).isEqualTo("hello from the service\n");
        assertThat(Files.readString(ws.resolve("Data/call_b.out"))).isEqualTo("hello from the service\n");
        assertThat(Survivors.withMarker(marker)).isEmpty();
        assertThat(accepts(port)).as("the service's port after the run").isFalse();
        String log = log("api");
        // http.server logs each request on stderr: both calls reached the log after the step itself had passed
        assertThat(log).contains("service ready after", "the service's output since it became ready follows")
                .containsPattern("GET /hello.txt HTTP/1.1\" 200[^\\n]*\\n(.|\\n)*GET /hello.txt HTTP/1.1\" 200")
                .contains("stopping the service: every step that needs it has ended")
                .containsPattern("service stopped \\(SIGTERM\\) [^\\n]* after it became ready, exit code 143");
        assertThat(stopEntries(results)).singleElement().satisfies(entry ->
                assertThat(entry).startsWith("api: stopped (SIGTERM)"));
        assertThat(Files.readString(ws.resolve("Logs/orchestrator.log")))
                .containsPattern("service http_service/api stopped \\(SIGTERM\\)");
    }

    @Test
    void aSelectedStepThatNeedsAServiceRunsItFirstEvenWhenItsCheckpointExists() throws Exception {
        int port = freePort();
        Path recipe = ws.recipe("selected.yaml", """
                test_meta: {test_id: selected, tester: qa, description: services}
                steps:
                  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/serve.sh, args: {port: %d}, %s,
                     service: {ready: {port: %d}}}
                  - {idx: 2, name: call_a, type: shell, cmd: scriptlets/shell/call.sh, args: {port: %d}, tags: [call]}
                """.formatted(port, env(), port, port));
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(2));
        Files.delete(ws.resolve("Data/call_a.out"));

        // the service's checkpoint is there, but a checkpoint cannot bring back its process: it runs again
        EngineRun.in(ws).filters(TagFilter.includeTags("call")).execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(Files.readString(ws.resolve("Data/call_a.out"))).isEqualTo("hello from the service\n");
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    private static List<String> stopEntries(EngineExecutionResults results) {
        return results.allEvents().stream().filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("service_stopped"))
                .filter(v -> v != null).toList();
    }

    @Test
    void aServiceThatNeverBecomesReadyFailsWithinItsReadyTimeoutAndIsKilled() throws Exception {
        script("mute", "echo 'starting, but never listening'\nsleep 300");
        int port = freePort();
        EngineExecutionResults results = run("never_ready", """
                  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/mute.sh, %s,
                     service: {ready: {port: %d}, ready_timeout: 1s}}
                  - {idx: 2, name: call_api, type: shell, cmd: scriptlets/shell/call.sh, args: {port: %d}}
                """.formatted(env(), port, port));

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("api"), finishedWithFailure(message(m -> m.startsWith(
                        "not ready after 1s (ready_timeout; waited until 127.0.0.1:" + port + " accepts a TCP connection,"
                                + " last check: ") && m.contains("killed the process tree")
                        && m.contains("starting, but never listening")))))
                .haveExactly(1, event(test("call_api"), skippedWithReason(r -> r.contains("api"))));
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    @Test
    void aServiceThatExitsBeforeItIsReadyFailsWithItsExitCode() {
        script("crash", "echo 'config missing' >&2\nexit 4");
        EngineExecutionResults results = run("crash", """
                  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/crash.sh, service: {ready: {log: listening}}}
                """);

        results.testEvents().assertThatEvents().haveExactly(1, event(test("api"), finishedWithFailure(message(m ->
                m.startsWith("exited with code 4 before it was ready (a line of its output matches /listening/)")
                        && m.contains("config missing")))));
    }

    @Test
    void aServiceThatDiesEarlyFailsTheStepsThatStillNeedItWithTheReason() throws Exception {
        script("fragile", """
                echo 'up and running'
                while [ ! -f "$ORCH_WORKSPACE/Data/stop" ]; do sleep 0.05; done
                exit 3""");
        // waits until the engine has seen the service exit (it says so in the service's log)
        String awaitDeath = "until grep -qs 'exited on its own' \"$ORCH_LOG_DIR\"/*_api.log; do sleep 0.05; done";
        script("during", "touch \"$ORCH_WORKSPACE/Data/stop\"\n" + awaitDeath);
        script("waiter", awaitDeath);
        script("noop", "true");
        EngineExecutionResults results = run("dies_early", """
                  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/fragile.sh, %s, service: {ready: {log: '^up and'}}}
                  - {idx: 2, name: during, type: shell, cmd: scriptlets/shell/during.sh, depends_on: [api], timeout: 30s}
                  - {idx: 3, name: waiter, type: shell, cmd: scriptlets/shell/waiter.sh, depends_on: [], timeout: 30s}
                  - {idx: 4, name: pending, type: shell, cmd: scriptlets/shell/noop.sh, depends_on: [api, waiter]}
                """.formatted(env()));

        String died = "service 'api' (step 1) exited with code 3 at ";
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("api"), finishedSuccessfully()))
                .haveExactly(1, event(test("waiter"), finishedSuccessfully()))
                .haveExactly(1, event(test("during"), finishedWithFailure(message(m -> m.startsWith(died)
                        && m.endsWith(" while 'during' needed it")))))
                .haveExactly(1, event(test("pending"), finishedWithFailure(message(m -> m.startsWith(died)
                        && m.endsWith(" while 'pending' needed it")))));
        assertThat(ws.resolve("Data/pending.out")).doesNotExist();
        assertThat(log("api")).contains("service had exited on its own with code 3");
        assertThat(Survivors.withMarker(marker)).isEmpty();
    }

    @Test
    void aPortReadyServiceIsStoppedWhenTheRecipeFailsMidwayAndItsCtxWritesUntilReadyAreKept() throws Exception {
        script("serve_ctx", "ctx_set_string api_url \"http://127.0.0.1:$2/\"\n"
                + "python3 -m http.server \"$2\" --bind 127.0.0.1 --directory \"$ORCH_WORKSPACE/Data\"");
        script("boom", "echo \"calling $CTX_API_URL\"\nexit 1");
        script("noop", "true");
        int port = freePort();
        EngineExecutionResults results = run("fails_midway", """
                  - {idx: 1, name: api, type: shell, cmd: scriptlets/shell/serve_ctx.sh, args: {port: %d}, %s,
                     service: {ready: {port: %d}, stop_timeout: 5s}}
                  - {idx: 2, name: boom, type: shell, cmd: scriptlets/shell/boom.sh}
                  - {idx: 3, name: after, type: shell, cmd: scriptlets/shell/noop.sh}
                """.formatted(port, env(), port));

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("api"), finishedSuccessfully()))
                .haveExactly(1, event(test("boom"), finishedWithFailure(message(m ->
                        m.contains("calling http://127.0.0.1:" + port + "/")))))
                .haveExactly(1, event(test("after"), skippedWithReason(r -> r.contains("boom"))));
        assertThat(Survivors.withMarker(marker)).isEmpty();
        assertThat(accepts(port)).isFalse();
        assertThat(CheckpointStores.forWorkspace(ws.root()).load("fails_midway", "api").orElseThrow()
                .values().get("api_url").asText()).isEqualTo("http://127.0.0.1:" + port + "/");
    }
}
