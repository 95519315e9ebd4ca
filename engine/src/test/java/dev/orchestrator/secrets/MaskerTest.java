package dev.orchestrator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskerTest {

    private final Masker masker = Masker.create();

    @ParameterizedTest
    @ValueSource(strings = {"password", "db_password", "DB_PASS", "pass", "pwd", "passwd", "passphrase", "api_token",
            "apiKey", "API-KEY", "apikey", "AWS_SECRET_ACCESS_KEY", "client_secret", "private_key", "credentials",
            "accessKey", "authorization", "Authorization", "auth", "x_auth", "cookie", "Set-Cookie", "session",
            "session_id", "sessionId", "JSESSIONID", "ssh_key", "sshKey", "bearer", "bearer_token", "ORCH_SECRET_X"})
    void namesOfSecretsAreSecretKeys(String key) {
        assertThat(masker.isSecretKey(key)).as(key).isTrue();
        assertThat(masker.mask(key, TextNode.valueOf("hunter2")).asText()).isEqualTo(Masker.MASK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"keys", "monkey", "passenger", "metrics", "input", "bypass_cache", "primary_key_column",
            "author", "authority_name", "session_count", "compass"})
    void ordinaryNamesAreNot(String key) {
        assertThat(masker.isSecretKey(key)).as(key).isFalse();
    }

    @Test
    void declaredNamesAreSecretKeysInAnyCase() {
        masker.declare(List.of("customer_email"));
        assertThat(masker.isSecretKey("Customer_Email")).isTrue();
        assertThat(masker.isSecretKey("customer")).isFalse();
    }

    @Test
    void nestedSecretsAreMaskedAndTheRestKept() throws Exception {
        var value = new ObjectMapper().readTree("{\"db\": {\"host\": \"h1\", \"password\": \"hunter2\"}, \"keys\": [\"a\"]}");
        assertThat(masker.mask(value).toString())
                .isEqualTo("{\"db\":{\"host\":\"h1\",\"password\":\"******\"},\"keys\":[\"a\"]}");
    }

    @Test
    void learnedValuesAreMaskedAnywhereInTextLongestFirst() throws Exception {
        masker.learn(null, new ObjectMapper().readTree(
                "{\"api_token\": \"tok-123456\", \"nested\": {\"pwd\": [\"tok-1234\"]}, \"plain\": \"visible\"}"));
        assertThat(masker.mask("got Xtok-123456Y and tok-1234 but visible"))
                .isEqualTo("got X******Y and ****** but visible");
    }

    @Test
    void shortAndNonStringValuesAreNotLearned() throws Exception {
        masker.learn(null, new ObjectMapper().readTree("{\"pin\": 1234, \"has_password\": true, \"token\": \"abc\"}"));
        assertThat(masker.mask("1234 true abc")).isEqualTo("1234 true abc");
    }

    @Test
    void valuesOfOrchSecretVariablesAreKnownFromTheStart() {
        Masker fromEnv = Masker.create(Map.of("ORCH_SECRET_DB", "s3cr3t-value", "HOME", "/root"));
        assertThat(fromEnv.mask("connect with s3cr3t-value in /root")).isEqualTo("connect with ****** in /root");
    }

    @Test
    void jsonEscapedFormsOfAKnownValueAreMaskedToo() {
        masker.learnValue("a\"quoted\\secret");
        assertThat(masker.mask("{\"x\": \"a\\\"quoted\\\\secret\"}")).doesNotContain("quoted");
    }

    @Test
    void credentialsInsideUrlsAreMaskedWhateverTheirValue() {
        assertThat(masker.mask("cloning https://alice:pa55word@git.example.com/repo.git"))
                .isEqualTo("cloning https://alice:******@git.example.com/repo.git");
    }

    @Test
    void passwordsFoundInUrlsAreLearnedAsValues() {
        masker.learn("db_url", TextNode.valueOf("postgres://app:Xy9secret@db:5432/app"));
        assertThat(masker.mask("auth failed for Xy9secret")).isEqualTo("auth failed for ******");
    }

    @Test
    void secretShapedPairsInTextAreMasked() {
        assertThat(masker.mask("run --password hunter2 --user bob")).isEqualTo("run --password ****** --user bob");
        assertThat(masker.mask("run --api-token=abc123 -v")).isEqualTo("run --api-token=****** -v");
        assertThat(masker.mask("GET /x?session_id=abc123&page=2")).isEqualTo("GET /x?session_id=******&page=2");
        assertThat(masker.mask("{\"password\": \"hunter2\", \"user\": \"bob\"}"))
                .isEqualTo("{\"password\": \"******\", \"user\": \"bob\"}");
        assertThat(masker.mask("Authorization: Bearer eyJhbGciOi.xyz")).doesNotContain("eyJhbGciOi");
        assertThat(masker.mask("Cookie: a=b; sid=xyz123")).doesNotContain("xyz123");
        assertThat(masker.mask("token is Bearer abcdef1234")).isEqualTo("token is Bearer ******");
    }

    @Test
    void aBareKeyColonValueIsMaskedWhenItEndsItsLineNotInProse() {
        assertThat(masker.mask("X-Api-Key: abc123\npassword: hunter2, user: bob"))
                .isEqualTo("X-Api-Key: ******\npassword: ******, user: bob");
        assertThat(masker.mask("api_token: expected 2, found 1")).isEqualTo("api_token: expected 2, found 1");
    }

    @Test
    void aCtxChangeLineOfASecretKeyHidesItsValue() {
        assertThat(masker.mask("{\"op\":\"set\",\"key\":\"session_id\",\"value\":\"sess-0042\"}"))
                .isEqualTo("{\"op\":\"set\",\"key\":\"session_id\",\"value\":\"******\"}");
    }

    @Test
    void aHugeWordIsScannedOnceNotOncePerPosition() {
        // quadratic patterns would take minutes here (a 200 000-character ctx value logged as one word)
        String word = "x".repeat(200_000);
        String line = "put {\"set\":{\"big\":\"" + word + "\", \"token\": \"" + word + "\"}} --" + word + " " + word
                + " https://" + word + ":" + word;
        assertThat(masker.mask(line)).startsWith("put {\"set\":{\"big\":\"" + word + "\", \"token\": \"******\"");
    }

    @Test
    void argvHidesTheValueAfterASecretFlag() {
        assertThat(masker.maskArgv(List.of("bash", "x.sh", "--password", "hunter2", "--token=t0ken", "--user", "bob")))
                .containsExactly("bash", "x.sh", "--password", Masker.MASK, "--token=" + Masker.MASK, "--user", "bob");
    }

    @Test
    void aFailureHoldingASecretIsCopiedWithTheSameClassAndStack() {
        masker.learnValue("hunter22");
        AssertionError original = new AssertionError("expected hunter22");
        original.initCause(new IllegalStateException("inner hunter22"));
        Throwable masked = masker.mask(original);
        assertThat(masked).isInstanceOf(AssertionError.class).hasMessage("expected ******");
        assertThat(masked.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("inner ******");
        assertThat(masked.getStackTrace()).isEqualTo(original.getStackTrace());
    }

    @Test
    void aFailureWithoutSecretsIsKeptAsItIs() {
        RuntimeException plain = new RuntimeException("nothing here");
        assertThat(masker.mask(plain)).isSameAs(plain);
    }

    @Test
    void aFailureThatCannotBeRecreatedBecomesAMaskedFailureNamingItsClass() {
        masker.learnValue("hunter22");
        Throwable masked = masker.mask(new Odd(1, "bad hunter22"));
        assertThat(masked).isInstanceOf(MaskedFailure.class).hasMessage("bad ******");
        assertThat(masked.toString()).startsWith(Odd.class.getName() + ": ");
    }

    static final class Odd extends RuntimeException {
        Odd(int code, String message) {
            super(message);
        }
    }
}
