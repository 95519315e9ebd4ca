package dev.orchestrator.execution.internal;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Steps with {@code cache:} through the engine, with real shell and python processes: each appends a line to a
 * counter file when it really runs, so the count says whether the second run executed it.
 */
class StepCacheEngineTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private int runs;

    private static final String CACHED = """
              - idx: 1
                name: mode
                type: shell
                cmd: scriptlets/shell/mode.sh
              - idx: 2
                name: concat
                type: shell
                cmd: scriptlets/shell/concat.sh
                args: {suffix: "%s"}
                cache: {inputs: ["Data/in/*.txt"], outputs: ["Data/out/*.bin"]}
            """;

    @BeforeEach
    void setUp() throws IOException {
        ws = new Workspace(dir).withBridges();
        script("mode.sh", "ctx_set_string mode \"$(cat Data/mode.txt)\"");
        script("concat.sh", """
                echo ran >> Data/count.txt
                [ -e Data/fail ] && exit 1
                mkdir -p Data/out
                cat Data/in/*.txt > Data/out/all.bin
                printf '%s' "$2" >> Data/out/all.bin
                ctx_set_string joined "$(cat Data/in/*.txt | tr -cd 'a-zA-Z')$2"
                ctx_set bytes "$(wc -c < Data/out/all.bin)"
                """);
        ws.file("Data/mode.txt", "fast");
        ws.file("Data/in/a.txt", "alpha\n");
        ws.file("Data/in/b.txt", "beta\n");
        recipe("-x");
    }

    private void script(String name, String body) {
        ws.file("scriptlets/shell/" + name, "#!/usr/bin/env bash\nset -Eeuo pipefail\n"
                + "source \"$(dirname \"$0\")/lib/ctx.sh\"\n" + body + "\n").toFile().setExecutable(true);
    }

    private void recipe(String suffix) {
        ws.recipe("cached.yaml", "test_meta: {test_id: cached, tester: qa, description: cache}\nsteps:\n"
                + CACHED.formatted(suffix));
    }

    private EngineExecutionResults run(String... config) {
        EngineRun engine = EngineRun.in(ws).config(Constants.RUN_ID, "run-" + (++runs))
                .config(Constants.REPORTS, "none");
        for (int i = 0; i + 1 < config.length; i += 2) {
            engine.config(config[i], config[i + 1]);
        }
        EngineExecutionResults results = engine.execute(selectFile(ws.resolve("recipes/cached.yaml").toFile()));
        return results;
    }

    private int executions() throws IOException {
        Path count = ws.resolve("Data/count.txt");
        return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    }

    private static Optional<Map<String, String>> cacheEntry(EngineExecutionResults results, String stepName) {
        return results.allEvents().reportingEntryPublished().filter(step(stepName)::matches)
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .filter(m -> m.containsKey("cache")).findFirst();
    }

    private Checkpoint checkpoint(String step) throws Exception {
        return CheckpointStores.forWorkspace(ws.root()).load("cached", step).orElseThrow();
    }

    @Test
    void aCachedStepIsSkippedOnTheSecondRunAndItsCtxWritesAreReplayedAsTheStep() throws Exception {
        EngineExecutionResults first = run();
        first.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(cacheEntry(first, "concat")).isEmpty();
        assertThat(executions()).isEqualTo(1);
        Checkpoint ran = checkpoint("concat");

        EngineExecutionResults second = run();
        second.testEvents().assertThatEvents().haveExactly(1, event(step("concat"), finishedSuccessfully()));
        assertThat(executions()).isEqualTo(1);
        assertThat(cacheEntry(second, "concat")).hasValueSatisfying(entry -> assertThat(entry)
                .containsEntry("cache", "hit").containsEntry("cached_from", "run-1"));
        Checkpoint cached = checkpoint("concat");
        assertThat(cached.values().get("joined")).isEqualTo(ran.values().get("joined"));
        assertThat(cached.values().get("bytes")).isEqualTo(ran.values().get("bytes"));
        List<ChangeRecord> replayed = cached.history().stream().filter(r -> r.runId().equals("run-2")
                && r.who().equals("concat")).toList();
        assertThat(replayed).extracting(ChangeRecord::key).containsExactly("joined", "bytes");
        assertThat(replayed).allSatisfy(r -> assertThat(r.what()).contains("cached from run run-1"));
        Path log = logOf(second, "concat");
        assertThat(Files.readString(log)).contains("cached from run run-1: not executed");
    }

    private static Path logOf(EngineExecutionResults results, String stepName) {
        return results.allEvents().reportingEntryPublished().filter(step(stepName)::matches)
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("log"))
                .filter(java.util.Objects::nonNull).map(Path::of).findFirst().orElseThrow();
    }

    @Test
    void aChangedInputFileRunsTheStepAgain() throws Exception {
        run();
        ws.file("Data/in/b.txt", "BETA\n");
        run();
        assertThat(executions()).isEqualTo(2);
        ws.file("Data/in/c.txt", "gamma\n"); // a new file the glob now matches
        run();
        assertThat(executions()).isEqualTo(3);
        run();
        assertThat(executions()).isEqualTo(3);
    }

    @Test
    void aChangedArgRunsTheStepAgain() throws Exception {
        run();
        recipe("-y");
        run();
        assertThat(executions()).isEqualTo(2);
        recipe("-x"); // back to the first value: its entry is still there
        run();
        assertThat(executions()).isEqualTo(2);
    }

    @Test
    void aChangedScriptRunsTheStepAgain() throws Exception {
        run();
        Path script = ws.resolve("scriptlets/shell/concat.sh");
        Files.writeString(script, Files.readString(script) + "# a comment changes the script\n");
        run();
        assertThat(executions()).isEqualTo(2);
    }

    @Test
    void aChangedCtxValueTheStepReadsRunsItAgain() throws Exception {
        run();
        ws.file("Data/mode.txt", "slow"); // the upstream step writes another ctx value
        run();
        assertThat(executions()).isEqualTo(2);
    }

    @Test
    void outputsAreRestoredByteForByte() throws Exception {
        ws.file("Data/in/a.txt", "");
        Files.write(ws.resolve("Data/in/a.txt"), new byte[] {0, (byte) 0xff, 10, 13, (byte) 0x80, 'x'});
        run();
        Path output = ws.resolve("Data/out/all.bin");
        byte[] produced = Files.readAllBytes(output);
        Files.delete(output);
        EngineExecutionResults second = run();
        assertThat(executions()).isEqualTo(1);
        assertThat(cacheEntry(second, "concat")).isPresent();
        assertThat(Files.readAllBytes(output)).isEqualTo(produced);
        Files.writeString(output, "tampered");
        run();
        assertThat(Files.readAllBytes(output)).isEqualTo(produced);
        assertThat(executions()).isEqualTo(1);
    }

    @Test
    void cacheOffRunsEveryStepAndReadModeNeverWrites() throws Exception {
        run(Constants.CACHE, "off");
        run(Constants.CACHE, "read");
        assertThat(ws.resolve("Data/cache/entries")).doesNotExist();
        assertThat(executions()).isEqualTo(2);
        run();
        EngineExecutionResults off = run(Constants.CACHE, "off");
        assertThat(executions()).isEqualTo(4);
        assertThat(cacheEntry(off, "concat")).isEmpty();
        EngineExecutionResults read = run(Constants.CACHE, "read");
        assertThat(executions()).isEqualTo(4);
        assertThat(cacheEntry(read, "concat")).hasValueSatisfying(entry -> assertThat(entry)
                .containsEntry("cached_from", "run-3"));
    }

    @Test
    void aFailedStepIsNotCached() throws Exception {
        ws.file("Data/fail", "");
        run().testEvents().assertStatistics(s -> s.failed(1));
        assertThat(ws.resolve("Data/cache/entries")).doesNotExist();
        Files.delete(ws.resolve("Data/fail"));
        run().testEvents().assertStatistics(s -> s.succeeded(2));
        run();
        assertThat(executions()).isEqualTo(2);
    }

    @Test
    void aStepWhoseOutputsAreMissingIsNotCachedAndSaysSo() throws Exception {
        ws.recipe("cached.yaml", """
                test_meta: {test_id: cached, tester: qa, description: cache}
                steps:
                  - {idx: 1, name: concat, type: shell, cmd: scriptlets/shell/concat.sh,
                     args: {suffix: s}, cache: {outputs: [Data/none/*.csv]}}
                """);
        EngineExecutionResults first = run();
        first.testEvents().assertStatistics(s -> s.succeeded(1));
        run();
        assertThat(executions()).isEqualTo(2);
        List<Event> warnings = first.allEvents().reportingEntryPublished().filter(step("concat")::matches)
                .filter(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().containsKey("warning"))
                .toList();
        assertThat(warnings).singleElement().satisfies(e -> assertThat(e.getPayload(ReportEntry.class).orElseThrow()
                .getKeyValuePairs().get("warning")).contains("not cached", "Data/none/*.csv"));
    }

    @Test
    void aPythonStepIsCachedUntilItsModuleChanges() throws Exception {
        ws.file("steps/__init__.py", "");
        String module = """
                from scriptlets.python.core.base import BaseScriptlet
                class Count(BaseScriptlet):
                    def run(self, ctx, params):
                        with open("Data/count.txt", "a") as f:
                            f.write("ran\\n")
                        ctx.set("answer", params["n"] * 2)
                """;
        ws.file("steps/count.py", module);
        ws.recipe("cached.yaml", """
                test_meta: {test_id: cached, tester: qa, description: cache}
                defaults: {cache: true}
                steps:
                  - {idx: 1, name: count, type: python, module: steps.count, function: Count, params: {n: 21}}
                """);
        run();
        EngineExecutionResults second = run();
        assertThat(executions()).isEqualTo(1);
        assertThat(cacheEntry(second, "count")).isPresent();
        assertThat(checkpoint("count").values().get("answer").asInt()).isEqualTo(42);
        ws.file("steps/count.py", module + "# changed\n");
        run();
        assertThat(executions()).isEqualTo(2);
    }

    @Test
    void aBadCacheModeOrSizeIsADiscoveryErrorNamingTheKey() {
        for (String[] bad : List.of(new String[] {Constants.CACHE, "sometimes", "off, read, read-write"},
                new String[] {Constants.CACHE_MAX_SIZE, "huge", "500MB"})) {
            List<org.junit.platform.engine.DiscoveryIssue> issues = EngineRun.in(ws).config(bad[0], bad[1])
                    .discover(selectFile(ws.resolve("recipes/cached.yaml").toFile())).getDiscoveryIssues();
            assertThat(issues).singleElement().satisfies(i -> assertThat(i.message())
                    .contains(bad[0], "'" + bad[1] + "'", bad[2]));
        }
    }

    @Test
    void environmentValuesCountByHashAndNeverReachTheStore() throws Exception {
        ws.recipe("cached.yaml", """
                test_meta: {test_id: cached, tester: qa, description: cache}
                steps:
                  - idx: 1
                    name: concat
                    type: shell
                    cmd: scriptlets/shell/concat.sh
                    args: {suffix: s}
                    env: {API_TOKEN: tok-3141592653}
                    cache: {env: [API_TOKEN], outputs: ["Data/out/*.bin"]}
                """);
        run();
        run();
        assertThat(executions()).isEqualTo(1);
        try (var files = Files.walk(ws.resolve("Data/cache"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("%s", file).doesNotContain("tok-3141592653");
            }
        }
        ws.recipe("cached.yaml", Files.readString(ws.resolve("recipes/cached.yaml"))
                .replace("tok-3141592653", "tok-2718281828"));
        run();
        assertThat(executions()).isEqualTo(2);
    }
}
