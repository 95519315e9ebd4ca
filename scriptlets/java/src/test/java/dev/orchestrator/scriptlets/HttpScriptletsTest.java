package dev.orchestrator.scriptlets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.orchestrator.scriptlet.InvalidParamsException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http-request and http-assert against a real HTTP server on 127.0.0.1. */
class HttpScriptletsTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private Step step;
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/users", exchange -> reply(exchange, 200, "application/json",
                "[{\"id\": 1, \"name\": \"Ada\", \"score\": 9.5}, {\"id\": 2, \"name\": \"Alan\", \"score\": 7}]"));
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer = Step.JSON.createObjectNode()
                    .put("method", exchange.getRequestMethod())
                    .put("auth", exchange.getRequestHeaders().getFirst("Authorization"))
                    .put("type", exchange.getRequestHeaders().getFirst("Content-Type"))
                    .put("body", body).toString();
            reply(exchange, 201, "application/json", answer);
        });
        server.createContext("/flaky", exchange -> {
            boolean fail = flakyCalls.incrementAndGet() < 3;
            reply(exchange, fail ? 503 : 200, "text/plain", fail ? "busy" : "ok now");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        step = new Step(dir);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void getStoresStatusHeadersAndParsedJsonBody() throws Exception {
        step.ctx.set("port", server.getAddress().getPort());
        JsonNode result = step.run(new HttpRequest(), "{'url': 'http://127.0.0.1:{{port}}/users', 'expect_status': 200}");
        assertThat(result.get("status").asInt()).isEqualTo(200);
        JsonNode saved = step.get("http_response");
        assertThat(saved.get("status").asInt()).isEqualTo(200);
        assertThat(saved.at("/headers/content-type").asText()).isEqualTo("application/json");
        assertThat(saved.at("/body/1/name").asText()).isEqualTo("Alan");
    }

    @Test
    void postSendsAJsonBodyWithPlaceholdersAndMasksTheAuthorizationHeaderInTheLog() throws Exception {
        step.ctx.set("who", "Grace");
        step.run(new HttpRequest(), "{'url': '" + base + "/echo', 'method': 'post', 'save_as': 'echo',"
                + " 'headers': {'Authorization': 'Bearer s3cr3t-t0ken-value'}, 'body': {'name': '{{who}}'}}");
        JsonNode echo = step.get("echo");
        assertThat(echo.get("status").asInt()).isEqualTo(201);
        assertThat(echo.at("/body/method").asText()).isEqualTo("POST");
        assertThat(echo.at("/body/type").asText()).isEqualTo("application/json");
        assertThat(echo.at("/body/body").asText()).isEqualTo("{\"name\":\"Grace\"}");
        assertThat(echo.at("/body/auth").asText()).isEqualTo("Bearer s3cr3t-t0ken-value");
        assertThat(step.logText()).contains("Authorization=******").doesNotContain("s3cr3t-t0ken-value");
    }

    @Test
    void retriesA5xxAnswerUntilItSucceeds() throws Exception {
        step.run(new HttpRequest(), "{'url': '" + base + "/flaky', 'retries': 3, 'retry_delay_ms': 1}");
        assertThat(flakyCalls.get()).isEqualTo(3);
        assertThat(step.get("http_response").get("body").asText()).isEqualTo("ok now");
    }

    @Test
    void anUnexpectedStatusFailsAfterTheRetriesRunOut() {
        assertThatThrownBy(() -> step.run(new HttpRequest(),
                "{'url': '" + base + "/flaky', 'retries': 1, 'retry_delay_ms': 1, 'expect_status': 200}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected status 200, found 503");
        assertThat(flakyCalls.get()).isEqualTo(2);
        assertThat(step.get("http_response").get("status").asInt()).isEqualTo(503);
    }

    @Test
    void aRefusedConnectionFailsNamingTheAttempts() throws Exception {
        int closed = BackgroundProcess.freePort();
        assertThatThrownBy(() -> step.run(new HttpRequest(),
                "{'url': 'http://127.0.0.1:" + closed + "/', 'retries': 1, 'retry_delay_ms': 1, 'timeout_s': 5}"))
                .hasMessageContaining("failed after 2 attempts: ");
    }

    @Test
    void refusesAnUnknownMethodAndANonHttpUrl() {
        assertThatThrownBy(() -> step.run(new HttpRequest(), "{'url': '" + base + "', 'method': 'BREW'}"))
                .isInstanceOf(InvalidParamsException.class);
        assertThatThrownBy(() -> step.run(new HttpRequest(), "{'url': 'file:///etc/passwd'}"))
                .isInstanceOf(InvalidParamsException.class).hasMessageContaining("http or https");
    }

    @Test
    void insecureAndATrustStoreTogetherAreRefused() {
        assertThatThrownBy(() -> step.run(new HttpRequest(), "{'url': '" + base + "/users', 'insecure': true,"
                + " 'trust_store': 'ts.p12'}")).hasMessageContaining("either 'insecure' or 'trust_store'");
    }

    @Test
    void httpAssertPassesWhenEverythingMatches() throws Exception {
        Path schema = dir.resolve("users.schema.json");
        Files.writeString(schema, "{\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"id\"]}}");
        step.run(new HttpRequest(), "{'url': '" + base + "/users'}");
        JsonNode result = step.run(new HttpAssert(), "{'status': 200, 'headers': {'Content-Type': 'application/.*'},"
                + " 'json': {'/0/id': 1, '[1].score': 7.0, '/0/score': 9.49}, 'tolerance': 0.02,"
                + " 'body_contains': 'Alan', 'schema': 'users.schema.json'}");
        assertThat(result.get("checked").asInt()).isEqualTo(7);
    }

    @Test
    void httpAssertListsEveryMismatch() throws Exception {
        Path schema = dir.resolve("s.json");
        Files.writeString(schema, "{\"type\": \"array\", \"items\": {\"properties\": {\"id\": {\"type\": \"string\"}}}}");
        step.run(new HttpRequest(), "{'url': '" + base + "/users'}");
        assertThatThrownBy(() -> step.run(new HttpAssert(), "{'status': 201, 'headers': {'x-missing': '.*'},"
                + " 'json': {'/0/name': 'Grace', '/5/id': 6}, 'schema': 's.json'}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("status: expected 201, found 200")
                .hasMessageContaining("header x-missing: missing")
                .hasMessageContaining("body /0/name: expected \"Grace\", found \"Ada\"")
                .hasMessageContaining("body /5/id: expected 6, found nothing")
                .hasMessageContaining("schema: ");
    }

    @Test
    void httpAssertNeedsAStoredAnswer() {
        assertThatThrownBy(() -> step.run(new HttpAssert(), "{'status': 200}"))
                .hasMessageContaining("no HTTP answer under 'http_response'");
    }
}
