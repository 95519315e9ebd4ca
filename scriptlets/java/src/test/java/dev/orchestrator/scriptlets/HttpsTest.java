package dev.orchestrator.scriptlets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http-request's TLS settings against an HTTPS server with a self-signed certificate made by keytool. */
class HttpsTest {

    private static final String PASSWORD = "changeit-test";

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static String url;

    @BeforeAll
    static void startServer() throws Exception {
        keytool("-genkeypair", "-alias", "test", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", "server.p12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "test", "-keystore", "server.p12", "-storepass", PASSWORD, "-rfc", "-file", "cert.pem");
        keytool("-importcert", "-noprompt", "-alias", "test", "-file", "cert.pem", "-storetype", "PKCS12",
                "-keystore", "trust.p12", "-storepass", PASSWORD);
        KeyStore keys = KeyStore.getInstance(dir.resolve("server.p12").toFile(), PASSWORD.toCharArray());
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(factory.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", exchange -> {
            byte[] body = "{\"secure\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void theJdkTrustStoreRefusesASelfSignedCertificate() {
        Step step = new Step(dir);
        assertThatThrownBy(() -> step.run(new HttpRequest(), "{'url': '" + url + "', 'timeout_s': 30}"))
                .isInstanceOf(IOException.class).hasMessageContaining("failed after 1 attempt: ");
    }

    @Test
    void aWorkspaceTrustStoreTrustsItsCertificate() throws Exception {
        Step step = new Step(dir);
        step.run(new HttpRequest(), "{'url': '" + url + "', 'trust_store': 'trust.p12', 'trust_store_password': '"
                + PASSWORD + "', 'expect_status': 200, 'timeout_s': 30}");
        assertThat(step.get("http_response").at("/body/secure").asBoolean()).isTrue();
        assertThat(step.logText()).contains("trusting the certificates of trust.p12").doesNotContain(PASSWORD);
    }

    @Test
    void insecureTrustsAnyCertificateAndSaysSo() throws Exception {
        Step step = new Step(dir);
        step.run(new HttpRequest(), "{'url': '" + url + "', 'insecure': true, 'expect_status': 200, 'timeout_s': 30}");
        assertThat(step.logText()).contains("WARNING: insecure: true");
    }

    @Test
    void aTrustStoreOutsideTheWorkspaceIsInvalid() {
        Step step = new Step(dir.resolve("sub"));
        assertThatThrownBy(() -> step.run(new HttpRequest(), "{'url': '" + url + "', 'trust_store': '../trust.p12'}"))
                .isInstanceOf(dev.orchestrator.scriptlet.InvalidParamsException.class);
    }
}
