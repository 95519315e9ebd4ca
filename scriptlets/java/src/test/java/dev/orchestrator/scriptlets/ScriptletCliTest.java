package dev.orchestrator.scriptlets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.scriptlet.ScriptletCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java scriptlets run alone as command lines: JSON on stdout, exit codes 0/1/2. */
class ScriptletCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(dev.orchestrator.scriptlet.BaseScriptlet scriptlet, String... args) {
        return ScriptletCli.run(scriptlet, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void setCtxThenWriteJsonChainThroughACtxFile() throws Exception {
        Path ctx = dir.resolve("ctx.json");
        assertThat(run(new SetCtx(), "--ctx-file", ctx.toString(), "--values", "{\"rows\": 20, \"name\": \"x\"}"))
                .isZero();
        assertThat(JSON.readTree(ctx.toFile()).get("rows").asInt()).isEqualTo(20);

        Path output = dir.resolve("out/result.json");
        out.reset();
        int code = run(new WriteJson(), "--ctx-file", ctx.toString(), "--workspace", dir.toString(), "--output", "out/result.json", "--keys", "rows");
        assertThat(code).as(err.toString()).isZero();
        assertThat(JSON.readTree(output.toFile()).toString()).isEqualTo("{\"rows\":20}");
        JsonNode printed = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(printed.get("keys").get(0).asText()).isEqualTo("rows");
    }

    @Test
    void writeJsonFailsWithExitOneWhenAKeyIsMissing() {
        Path ctx = dir.resolve("ctx.json");
        run(new SetCtx(), "--ctx-file", ctx.toString(), "--values", "{\"a\": 1}");
        int code = run(new WriteJson(), "--ctx-file", ctx.toString(), "--workspace",
                dir.toString(), "--output", "x.json", "--keys", "a,missing");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("ctx has no key 'missing'");
    }

    @Test
    void missingRequiredParameterExitsTwo() {
        assertThat(run(new WriteJson())).isEqualTo(2);
        assertThat(err.toString()).contains("invalid parameters: missing required parameter 'output' (path)");
    }

    @Test
    void pathOutsideTheWorkspaceIsInvalid() {
        assertThat(run(new WriteJson(), "--workspace", dir.toString(), "--output", "../x.json")).isEqualTo(2);
        assertThat(err.toString()).contains("escapes the workspace");
    }

    @Test
    void assertCtxListsEveryMismatch() {
        Path ctx = dir.resolve("ctx.json");
        run(new SetCtx(), "--ctx-file", ctx.toString(), "--values", "{\"a\": 1, \"b\": {\"c\": [1, 2]}}");
        int code = run(new AssertCtx(), "--ctx-file", ctx.toString(), "--expected",
                "{\"a\": 2, \"b\": {\"c\": [1, 3]}, \"z\": true}");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("3 mismatches")
                .contains("a: expected 2, found 1")
                .contains("b.c[1]: expected 3, found 2")
                .contains("z: expected true, found no such key");
    }

    @Test
    void assertCtxPassesWithToleranceAndSubset() {
        Path ctx = dir.resolve("ctx.json");
        run(new SetCtx(), "--ctx-file", ctx.toString(), "--values", "{\"m\": {\"mean\": 1.0001, \"n\": 3}}");
        assertThat(run(new AssertCtx(), "--ctx-file", ctx.toString(), "--expected", "{\"m\": {\"mean\": 1}}",
                "--subset", "true", "--tolerance", "0.01")).as(err.toString()).isZero();
    }

    @Test
    void assertCtxRefusesANonObjectExpectation() {
        assertThat(run(new AssertCtx(), "--expected", "[1]")).isEqualTo(2);
    }

    @Test
    void declaredParamsRefuseAnUnknownFlagAWrongTypeAndAMissingRequiredOne() {
        assertThat(run(new WriteJson(), "--output", "x.json", "--keyz", "a")).isEqualTo(2);
        assertThat(err.toString()).contains("error: unknown flag --keyz (declared: --output, --keys, --pretty)");
        err.reset();
        assertThat(run(new WriteJson(), "--output", "x.json", "--pretty", "maybe")).isEqualTo(2);
        assertThat(err.toString()).contains("--pretty: expected bool, found 'maybe'");
        err.reset();
        assertThat(run(new SetCtx())).isEqualTo(2);
        assertThat(err.toString()).contains("invalid parameters: missing required parameter 'values' (map)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpListsTheDeclaredParams() {
        assertThat(run(new AssertCtx(), "--help")).isZero();
        assertThat(out.toString()).contains("--expected MAP (required)  ctx key -> expected value",
                "--tolerance NUMBER (default: 0)  numbers may differ by this much", "--ctx-file FILE");
    }

    @Test
    void helpPrintsTheDocumentationBlock() {
        assertThat(run(new WriteJson(), "--help")).isZero();
        assertThat(out.toString()).contains("Name: write-json", "Usage:", "Arguments:", "Examples:",
                "Limitations/Requirements:");
    }

    @Test
    void mainRunsAsARealProcessWithExitCodes() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Process ok = new ProcessBuilder(java, "-cp", cp, SetCtx.class.getName(), "--values", "{\"k\": 1}")
                .redirectErrorStream(true).start();
        assertThat(ok.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ok.exitValue()).isZero();
        assertThat(new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("{\"set\":[\"k\"]}");

        Process bad = new ProcessBuilder(java, "-cp", cp, SetCtx.class.getName(), "positional")
                .redirectErrorStream(true).start();
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
    }
}
