package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import dev.orchestrator.secrets.Masker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Sends one HTTP request with {@code java.net.http} and stores the answer in ctx:
 * {@code <save_as> = {"status": 200, "headers": {name: value}, "body": <JSON or text>, "elapsed_ms": 12, "url": …}}.
 * Header names are lower case; a header sent several times is joined with {@code ", "}. The body is parsed as
 * JSON when it is JSON, else kept as text. Check it with {@link HttpAssert}.
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 4
 *   name: get_users
 *   type: java
 *   class: dev.orchestrator.scriptlets.HttpRequest
 *   params:
 *     url: "http://127.0.0.1:{{server_port}}/users.json"
 *     headers: {Authorization: "Bearer {{api_token}}"}
 *     retries: 2
 *     expect_status: 200
 * </pre>
 */
@ScriptletDoc(
        name = "http-request",
        description = "Send an HTTP request; store status, headers and body (JSON or text) in ctx.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.HttpRequest --url URL [--method POST] [--body JSON] [--save_as KEY]",
        params = {
            @Param(name = "url", required = true, help = "http or https URL; {{ref}} placeholders are filled from ctx"),
            @Param(name = "method", defaultValue = "GET", help = "GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"),
            @Param(name = "headers", type = ParamType.MAP, help = "request headers, name -> value (placeholders filled); "
                    + "values of Authorization, Cookie and other secret-looking headers are masked in the log"),
            @Param(name = "body", type = ParamType.JSON, help = "request body: a string is sent as it is (placeholders "
                    + "filled), any other value as JSON with Content-Type application/json unless a header sets it"),
            @Param(name = "timeout_s", type = ParamType.NUMBER, defaultValue = "30", help = "seconds to wait for each answer"),
            @Param(name = "retries", type = ParamType.INT, defaultValue = "0", help = "more attempts after a connection error or a 5xx answer"),
            @Param(name = "retry_delay_ms", type = ParamType.INT, defaultValue = "500", help = "pause between attempts"),
            @Param(name = "expect_status", type = ParamType.INT, help = "fail unless the final status is this one"),
            @Param(name = "insecure", type = ParamType.BOOL, defaultValue = "false", help = "https: trust any certificate and "
                    + "host name (self-signed test servers only; logged as a warning)"),
            @Param(name = "trust_store", type = ParamType.PATH, help = "https: a PKCS12 or JKS trust store in the workspace "
                    + "holding the certificates to trust (default: the JDK's)"),
            @Param(name = "trust_store_password", help = "the trust store's password; pass it through a secret ctx key or ORCH_SECRET_* value"),
            @Param(name = "save_body_to", type = ParamType.PATH, help = "also write the raw body to this workspace file"),
            @Param(name = "save_as", defaultValue = "http_response", help = "ctx key of the stored answer")
        },
        examples = {
            "java -cp engine.jar:scriptlets.jar dev.orchestrator.scriptlets.HttpRequest --url https://example.org/ --expect_status 200",
            "java -cp … dev.orchestrator.scriptlets.HttpRequest --method POST --url http://127.0.0.1:8080/items --body '{\"name\": \"x\"}'"
        },
        limitations = "The whole body is read into memory and at most 4 MiB of it is stored in ctx (use save_body_to for more). "
                + "Redirects are followed except from https to http. No proxy, no client certificates.")
@API(status = EXPERIMENTAL)
public final class HttpRequest extends BaseScriptlet {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final int MAX_CTX_BODY = 4 * 1024 * 1024;
    private static final Masker SECRETS = Masker.create(System.getenv());

    @Override
    public void validate(Context ctx, Params params) {
        params.string("url");
        String method = params.optionalString("method").orElse("GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidParamsException("parameter 'method' must be one of " + METHODS + ", found '" + method + "'");
        }
        if (params.integer("retries", 0) < 0 || params.integer("retry_delay_ms", 500) < 0) {
            throw new InvalidParamsException("parameters 'retries' and 'retry_delay_ms' must not be negative");
        }
        params.optionalString("trust_store").ifPresent(this::resolve);
        params.optionalString("save_body_to").ifPresent(this::resolve);
        if (params.has("headers") && !params.node("headers").orElseThrow().isObject()) {
            throw new InvalidParamsException("parameter 'headers' must be an object: name -> value");
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        String url = Support.render(params.string("url"), ctx);
        URI uri = URI.create(url);
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidParamsException("url must be http or https, found '" + SECRETS.mask(url) + "'");
        }
        String method = params.optionalString("method").orElse("GET").toUpperCase(Locale.ROOT);
        Map<String, String> headers = headers(params, ctx);
        String body = body(params, ctx, headers);
        Duration timeout = Duration.ofMillis(Support.millis(params, "timeout_s", 30));
        HttpClient client = Tls.client(params, this::resolve, timeout, log());
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        log().info("%s %s%s", method, SECRETS.mask(url), shownHeaders(headers));

        long attempts = params.integer("retries", 0) + 1;
        long delay = params.integer("retry_delay_ms", 500);
        HttpResponse<byte[]> response = null;
        long elapsed = 0;
        for (long attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                elapsed = (System.nanoTime() - start) / 1_000_000;
                log().info("attempt %d: status %d in %d ms, %d byte(s)", attempt, response.statusCode(), elapsed,
                        response.body().length);
                if (response.statusCode() < 500 || attempt >= attempts) {
                    break;
                }
            } catch (IOException e) {
                log().info("attempt %d: %s", attempt, SECRETS.mask(String.valueOf(e)));
                if (attempt >= attempts) {
                    throw new IOException(method + " " + SECRETS.mask(url) + " failed after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ") + e, e);
                }
            }
            Thread.sleep(delay);
        }

        byte[] raw = response.body();
        params.optionalString("save_body_to").ifPresent(target -> write(target, raw));
        ObjectNode saved = Support.JSON.createObjectNode();
        saved.put("status", response.statusCode());
        saved.set("headers", responseHeaders(response));
        saved.set("body", parsedBody(raw));
        saved.put("elapsed_ms", elapsed);
        saved.put("url", response.uri().toString());
        String key = params.optionalString("save_as").orElse("http_response");
        ctx.set(key, saved);
        if (params.has("expect_status") && params.integer("expect_status", 0) != response.statusCode()) {
            throw new AssertionError(method + " " + SECRETS.mask(url) + ": expected status " + params.integer("expect_status", 0)
                    + ", found " + response.statusCode() + " (body: " + Support.shown(SECRETS.mask(saved.get("body"))) + ")");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", response.statusCode());
        result.put("bytes", raw.length);
        result.put("elapsed_ms", elapsed);
        result.put("saved_as", key);
        return result;
    }

    private static Map<String, String> headers(Params params, Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        params.node("headers").ifPresent(node -> node.properties().forEach(e ->
                headers.put(e.getKey(), Support.render(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString(), ctx))));
        // values from ctx may be secrets the masker has not seen under their key: learn them before logging
        headers.forEach((name, value) -> {
            if (SECRETS.isSecretKey(name) || name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("proxy-authorization")) {
                SECRETS.learnValue(value);
                int space = value.indexOf(' ');
                if (space > 0) {
                    SECRETS.learnValue(value.substring(space + 1));
                }
            }
        });
        return headers;
    }

    private static String body(Params params, Context ctx, Map<String, String> headers) throws IOException {
        JsonNode body = params.node("body").orElse(null);
        if (body == null) {
            return null;
        }
        if (body.isTextual()) {
            return Support.render(body.asText(), ctx);
        }
        if (headers.keySet().stream().noneMatch(n -> n.equalsIgnoreCase("content-type"))) {
            headers.put("Content-Type", "application/json");
        }
        return Support.JSON.writeValueAsString(Support.renderAll(body, ctx));
    }

    private static String shownHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" headers:");
        headers.forEach((name, value) -> text.append(' ').append(name).append('=').append(
                SECRETS.isSecretKey(name) || name.toLowerCase(Locale.ROOT).contains("authorization") ? Masker.MASK : SECRETS.mask(value)));
        return text.toString();
    }

    private static ObjectNode responseHeaders(HttpResponse<?> response) {
        ObjectNode headers = Support.JSON.createObjectNode();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
            }
        });
        return headers;
    }

    static JsonNode parsedBody(byte[] raw) {
        String text = new String(raw, 0, Math.min(raw.length, MAX_CTX_BODY), StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (raw.length <= MAX_CTX_BODY && (trimmed.startsWith("{") || trimmed.startsWith("["))) {
            try {
                return Support.JSON.readTree(text);
            } catch (IOException notJson) {
                // kept as text below
            }
        }
        return Support.JSON.getNodeFactory().textNode(text);
    }

    private void write(String target, byte[] raw) {
        try {
            var file = resolve(target);
            Files.createDirectories(file.getParent());
            Files.write(file, raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.HttpRequest --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new HttpRequest(), args);
    }
}
