package dev.orchestrator.report.allure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureCleanTest {

    @TempDir
    Path dir;

    private long results(Workspace ws) throws Exception {
        try (Stream<Path> files = Files.list(ws.resolve("reports/allure-results"))) {
            return files.filter(f -> f.toString().endsWith("-result.json")).count();
        }
    }

    @Test
    void earlierResultsAccumulateUnlessCleanIsAskedFor() throws Exception {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: twice}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                  - {idx: 2, name: b, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
        ws.file("reports/allure-results/history/history.json", "{}");
        EngineRun.in(ws).execute(selectFile(recipe.toFile()));
        EngineRun.in(ws).execute(selectFile(recipe.toFile()));
        assertThat(results(ws)).isEqualTo(4);

        EngineRun.in(ws).config(Constants.ALLURE_CLEAN, "true").execute(selectFile(recipe.toFile()));
        assertThat(results(ws)).isEqualTo(2);
        assertThat(ws.resolve("reports/allure-results/history/history.json")).exists();
    }

    @Test
    void cleaningNeverDeletesTheResultsOfARunStillInProgress() throws Exception {
        Workspace ws = new Workspace(dir);
        Path slow = ws.recipe("slow.yaml", """
                test_meta: {test_id: slow, tester: qa, description: still running when another run cleans}
                steps:
                  - {idx: 1, name: first, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                  - {idx: 2, name: waits, type: java, class: dev.orchestrator.testing.Scriptlets$BlockWhileFileExists, params: {marker: Data/waiting, block_file: Data/block}}
                """);
        Path quick = ws.recipe("quick.yaml", """
                test_meta: {test_id: quick, tester: qa, description: cleans}
                steps:
                  - {idx: 1, name: only, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
        ws.file("Data/block", "hold");
        Thread first = new Thread(() -> EngineRun.in(ws).config(Constants.RUN_ID, "first")
                .execute(selectFile(slow.toFile())));
        first.start();
        try {
            awaitFile(ws.resolve("Data/waiting"));
            awaitAttachments(ws, 2); // the first step's log and ctx diff

            EngineRun.in(ws).config(Constants.RUN_ID, "second").config(Constants.ALLURE_CLEAN, "true")
                    .execute(selectFile(quick.toFile()));
        } finally {
            Files.delete(ws.resolve("Data/block"));
            first.join();
        }

        List<Path> results = files(ws, "-result.json");
        assertThat(results).hasSize(3);
        for (Path result : results) {
            for (String source : attachmentSources(Files.readString(result))) {
                assertThat(ws.resolve("reports/allure-results").resolve(source)).as("attachment of " + result).exists();
            }
        }
        // no run marker is left; only the record that run "second" cleaned (dot files are never markers)
        assertThat(ws.resolve("reports/allure-results/" + AllureClean.MARKERS))
                .isDirectoryNotContaining(p -> !p.getFileName().toString().startsWith("."));
    }

    @Test
    void aMarkerLeftByARunThatDiedDoesNotKeepResultsForever() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Path old = Files.writeString(results.resolve("old-result.json"), "{}");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.createDirectories(results.resolve(AllureClean.MARKERS));
        Path dead = Files.writeString(results.resolve(AllureClean.MARKERS).resolve("dead-run"), "1");

        try (AllureClean run = AllureClean.start(results)) {
            assertThat(run.deleteEarlierResults("r")).isEqualTo(1);
        }
        assertThat(old).doesNotExist();
        assertThat(dead).doesNotExist();
    }

    @Test
    void aRunsOwnCleaningRecordSurvivesItsCleaningWhateverTheFileClock() throws Exception {
        // file times come from the kernel's coarse clock and can read a few ms before the start the run took
        // from currentTimeMillis: the record made just after the start must not look older and be deleted,
        // else a later shard of the same run id cleans again and deletes this one's results
        for (int i = 0; i < 200; i++) {
            Path results = Files.createDirectories(dir.resolve("results-" + i));
            try (AllureClean run = AllureClean.start(results)) {
                run.deleteEarlierResults("run-1");
            }
            assertThat(results.resolve(AllureClean.MARKERS).resolve(AllureClean.CLEANED + "run-1"))
                    .as("attempt " + i).exists();
        }
    }

    private static List<String> attachmentSources(String json) {
        List<String> sources = new ArrayList<>();
        Matcher m = Pattern.compile("\"source\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        while (m.find()) {
            sources.add(m.group(1));
        }
        return sources;
    }

    private static List<Path> files(Workspace ws, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(ws.resolve("reports/allure-results"))) {
            return files.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }

    /** Waits for the other run to get there; gives up (failing the test) after a minute rather than hanging. */
    private static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 3000 && !Files.exists(file); i++) {
            Thread.sleep(20);
        }
        assertThat(file).exists();
    }

    private static void awaitAttachments(Workspace ws, int count) throws Exception {
        Path dir = ws.resolve("reports/allure-results");
        for (int i = 0; i < 3000 && (!Files.isDirectory(dir) || files(ws, "-attachment.txt").size()
                + files(ws, "-attachment.json").size() < count); i++) {
            Thread.sleep(20);
        }
        assertThat(files(ws, "-attachment.txt").size() + files(ws, "-attachment.json").size()).isGreaterThanOrEqualTo(count);
    }
}
