package dev.orchestrator.scriptlets;

import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.StepLog;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The HTTP client of the HTTP scriptlets, with its TLS settings said out loud: the JDK's trust store by
 * default, a trust store of the workspace ({@code trust_store}, {@code trust_store_password}), or
 * {@code insecure: true} — no certificate or host-name check, logged as a warning.
 */
final class Tls {

    private Tls() {
    }

    static HttpClient client(Params params, Function<String, Path> resolve, Duration connectTimeout, StepLog log)
            throws IOException, GeneralSecurityException {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        boolean insecure = params.bool("insecure", false);
        if (insecure && params.has("trust_store")) {
            throw new InvalidParamsException("give either 'insecure' or 'trust_store', not both");
        }
        if (insecure) {
            log.info("WARNING: insecure: true, TLS certificates and host names are not checked");
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            builder.sslContext(context);
        } else if (params.has("trust_store")) {
            Path file = resolve.apply(params.string("trust_store"));
            char[] password = params.optionalString("trust_store_password").map(String::toCharArray).orElse(null);
            KeyStore store = KeyStore.getInstance(file.toFile(), password);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            builder.sslContext(context);
            log.info("trusting the certificates of %s", params.string("trust_store"));
        }
        return builder.build();
    }

    /** Accepts every certificate; being an extended trust manager, it also turns off the host-name check. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
