package dev.orchestrator.scriptlets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.scriptlet.InvalidParamsException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wait-for-file, checksum, compare-files, render-template and archive. */
class FileScriptletsTest {

    @TempDir
    Path dir;

    private Step step;

    @BeforeEach
    void setUp() {
        step = new Step(dir);
    }

    @Test
    void waitForFileReturnsOnceAnotherThreadWroteIt() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                waiting.await();
                Files.writeString(dir.resolve("late.txt"), "here");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.countDown();
        JsonNode result = step.run(new WaitForFile(), "{'path': 'late.txt', 'timeout_s': 30, 'poll_ms': 5, 'non_empty': true}");
        writer.get();
        assertThat(result.get("bytes").asInt()).isEqualTo(4);
    }

    @Test
    void waitForFileTimesOutNamingTheFile() {
        assertThatThrownBy(() -> step.run(new WaitForFile(), "{'path': 'never.txt', 'timeout_s': 0.05, 'poll_ms': 5}"))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("never.txt did not appear");
    }

    @Test
    void checksumIsTheSha256OfTheContentAndChecksTheExpectedDigest() throws Exception {
        Files.writeString(dir.resolve("abc.txt"), "abc");
        String sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        step.run(new Checksum(), "{'files': ['abc.txt'], 'expected': '" + sha.toUpperCase() + "'}");
        assertThat(step.get("checksums").get("abc.txt").asText()).isEqualTo(sha);
        assertThatThrownBy(() -> step.run(new Checksum(), "{'files': ['abc.txt'], 'expected': '00'}"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> step.run(new Checksum(), "{'files': ['abc.txt'], 'algorithm': 'crc32'}"))
                .isInstanceOf(InvalidParamsException.class);
    }

    @Test
    void compareFilesLogsAUnifiedDiffAndFails() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "one\ntwo\nthree\nfour\n");
        Files.writeString(dir.resolve("b.txt"), "one\nTWO\nthree\nfour\nfive\n");
        assertThatThrownBy(() -> step.run(new CompareFiles(), "{'left': 'a.txt', 'right': 'b.txt'}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("1 differing");
        assertThat(step.log).containsSubsequence("--- a.txt", "+++ b.txt", "@@ -1,4 +1,5 @@", " one", "-two", "+TWO",
                " three", " four", "+five");
        assertThat(step.get("file_comparison").get("equal").asBoolean()).isFalse();
    }

    @Test
    void compareFilesWalksTreesAndCanIgnoreTrailingWhitespace() throws Exception {
        Files.createDirectories(dir.resolve("x/sub"));
        Files.createDirectories(dir.resolve("y/sub"));
        Files.writeString(dir.resolve("x/sub/f.txt"), "a  \r\nb\n");
        Files.writeString(dir.resolve("y/sub/f.txt"), "a\nb\n");
        Files.writeString(dir.resolve("x/only.txt"), "l");
        JsonNode summary = step.run(new CompareFiles(), "{'left': 'x', 'right': 'y', 'ignore_trailing_whitespace': true,"
                + " 'fail_on_difference': false}");
        assertThat(summary.get("differing")).isEmpty();
        assertThat(summary.get("only_left").get(0).asText()).isEqualTo("only.txt");
        Files.delete(dir.resolve("x/only.txt"));
        assertThat(step.run(new CompareFiles(), "{'left': 'x', 'right': 'y', 'ignore_trailing_whitespace': true}")
                .get("equal").asBoolean()).isTrue();
    }

    @Test
    void unifiedDiffOfEqualInputsIsEmptyAndFarApartChangesMakeTwoHunks() {
        assertThat(UnifiedDiff.diff("a", List.of("x"), "b", List.of("x"))).isEmpty();
        List<String> left = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        List<String> right = List.of("1", "two", "3", "4", "5", "6", "7", "8", "9", "10", "eleven", "12");
        assertThat(UnifiedDiff.diff("a", left, "b", right).stream().filter(l -> l.startsWith("@@")))
                .containsExactly("@@ -1,5 +1,5 @@", "@@ -8,5 +8,5 @@");
    }

    @Test
    void renderTemplateFillsCtxValuesAndFailsNamingEveryMissingOne() throws Exception {
        step.ctx.set("report", Step.JSON.readTree("{\"rows\": 5, \"tags\": [\"a\"]}"));
        Files.writeString(dir.resolve("t.md"), "# {{title}}\nrows: ${report.rows}, tags: {{report.tags}}\n");
        step.run(new RenderTemplate(), "{'template': 't.md', 'output': 'out/r.md', 'values': {'title': 'Nightly'}}");
        assertThat(Files.readString(dir.resolve("out/r.md"))).isEqualTo("# Nightly\nrows: 5, tags: [\"a\"]\n");
        assertThat(step.get("title")).as("values stay out of ctx").isNull();
        Files.writeString(dir.resolve("t2.md"), "{{a}} {{b}}");
        assertThatThrownBy(() -> step.run(new RenderTemplate(), "{'template': 't2.md', 'output': 'o2.md'}"))
                .hasMessageContaining("[a, b]");
        assertThat(dir.resolve("o2.md")).doesNotExist();
    }

    @Test
    void zipAndTarGzRoundTripAFolder() throws Exception {
        Files.createDirectories(dir.resolve("data/in/sub"));
        Files.writeString(dir.resolve("data/in/a.txt"), "alpha");
        Files.writeString(dir.resolve("data/in/sub/b.txt"), "beta");
        for (String archive : List.of("data/pack.zip", "data/pack.tar.gz")) {
            JsonNode packed = step.run(new Archive(), "{'action': 'pack', 'inputs': ['data/in'], 'base': 'data', 'output': '" + archive + "'}");
            assertThat(packed.get("entries").asInt()).isEqualTo(2);
            String target = archive.endsWith(".zip") ? "data/out-zip" : "data/out-tgz";
            step.run(new Archive(), "{'action': 'unpack', 'input': '" + archive + "', 'output': '" + target + "'}");
            assertThat(Files.readString(dir.resolve(target + "/in/sub/b.txt"))).isEqualTo("beta");
            step.run(new CompareFiles(), "{'left': 'data/in', 'right': '" + target + "/in'}");
        }
    }

    @Test
    void unpackRefusesAnEntryThatWouldLandOutsideTheTarget() throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve("slip.zip")); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("../../escaped.txt"));
            zip.write("x".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> step.run(new Archive(), "{'action': 'unpack', 'input': 'slip.zip', 'output': 'out'}"))
                .hasMessageContaining("outside");
        assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void unpackStopsPastTheByteBudget() throws Exception {
        Files.writeString(dir.resolve("big.txt"), "x".repeat(10_000));
        step.run(new Archive(), "{'action': 'pack', 'inputs': ['big.txt'], 'output': 'big.zip'}");
        assertThatThrownBy(() -> step.run(new Archive(), "{'action': 'unpack', 'input': 'big.zip', 'output': 'o', 'max_bytes': 100}"))
                .hasMessageContaining("max_bytes");
    }

    @Test
    void archiveNamesAndActionsAreChecked() {
        assertThatThrownBy(() -> step.run(new Archive(), "{'action': 'pack', 'inputs': ['.'], 'output': 'x.rar'}"))
                .isInstanceOf(InvalidParamsException.class).hasMessageContaining(".zip, .tar.gz or .tgz");
        assertThatThrownBy(() -> step.run(new Archive(), "{'action': 'shred', 'output': 'x.zip'}"))
                .isInstanceOf(InvalidParamsException.class);
    }
}
