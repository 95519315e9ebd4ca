package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"password", "db_password", "DB_PASS", "pass", "pwd", "api_token", "apiKey", "API-KEY",
            "AWS_SECRET_ACCESS_KEY", "client_secret", "private_key", "credentials", "accessKey"})
    void namesOfSecretsAreMasked(String key) {
        assertThat(Secrets.isSecret(key)).as(key).isTrue();
        assertThat(Secrets.mask(key, TextNode.valueOf("hunter2")).asText()).isEqualTo(Secrets.MASK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"keys", "monkey", "passenger", "metrics", "input", "bypass_cache", "primary_key_column"})
    void ordinaryNamesAreNot(String key) {
        assertThat(Secrets.isSecret(key)).as(key).isFalse();
    }

    @Test
    void nestedSecretsAreMaskedAndTheRestKept() throws Exception {
        var value = new ObjectMapper().readTree("{\"db\": {\"host\": \"h1\", \"password\": \"hunter2\"}, \"keys\": [\"a\"]}");
        assertThat(Secrets.mask(value).toString())
                .isEqualTo("{\"db\":{\"host\":\"h1\",\"password\":\"******\"},\"keys\":[\"a\"]}");
    }

    @Test
    void ctxDiffsShowThatASecretChangedButNotItsValue() {
        var change = new dev.orchestrator.context.ChangeRecord("api_token", dev.orchestrator.context.ChangeRecord.Op.SET,
                com.fasterxml.jackson.databind.node.NullNode.getInstance(), TextNode.valueOf("abc123"), "login",
                "Login", java.time.Instant.now(), "r", "run");
        String diff = CtxDiff.json(java.util.List.of(change));
        assertThat(diff).contains("api_token", Secrets.MASK).doesNotContain("abc123");
    }
}
