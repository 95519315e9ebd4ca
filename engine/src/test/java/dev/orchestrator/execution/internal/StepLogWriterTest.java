package dev.orchestrator.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.secrets.Masker;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Step logs are written by one thread of the run, and every step still ends with its complete, masked log. */
class StepLogWriterTest {

    @TempDir
    Path dir;

    private static final int LINES = 300;

    /** Every {@code Logs/<ts>_<step>.log} of the workspace by step name. */
    private static Map<String, String> logs(Path root) throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("Logs"))) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{8}-\\d{6}-\\d{3}_.+\\.log"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString().replaceFirst("^[^_]+_", "")
                            .replaceFirst("\\.log$", ""), f -> read(f)));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyStepOfAParallelRunEndsWithItsCompleteMaskedLogWhenTheLaunchReturns() throws Exception {
        Workspace ws = new Workspace(dir).withBridges();
        ws.file("scriptlets/shell/talk.sh", """
                #!/usr/bin/env bash
                set -Eeuo pipefail
                for i in $(seq 1 %d); do echo "out $i of $ORCH_STEP"; echo "err $i of $ORCH_STEP" >&2; done
                echo "the token is $API_TOKEN"
                exit "${EXIT_WITH:-0}"
                """.formatted(LINES)).toFile().setExecutable(true);
        ws.file("scriptlets/shell/hang.sh", """
                #!/usr/bin/env bash
                echo "before the hang"
                sleep 30
                """).toFile().setExecutable(true);
        StringBuilder steps = new StringBuilder();
        for (int i = 1; i <= 24; i++) {
            steps.append("  - {idx: ").append(i).append(", name: talk_").append(i)
                    .append(", type: shell, cmd: scriptlets/shell/talk.sh, depends_on: []")
                    .append(", env: {API_TOKEN: tok-").append(i).append("-s3cr3t")
                    .append(i % 6 == 0 ? ", EXIT_WITH: '3'" : "").append("}}\n");
        }
        steps.append("  - {idx: 25, name: hang, type: shell, cmd: scriptlets/shell/hang.sh, depends_on: [], timeout: 1s}\n");
        Path recipe = ws.recipe("many.yaml", "test_meta: {test_id: many, tester: qa, description: logs}\n"
                + "settings: {parallelism: 4}\nsteps:\n" + steps);

        EngineExecutionResults results = EngineRun.in(ws).config("orchestrator.parallelism", "4")
                .execute(selectFile(recipe.toFile()));

        results.testEvents().assertStatistics(s -> s.succeeded(20).failed(5));
        Map<String, String> logs = logs(ws.root());
        assertThat(logs).hasSize(25);
        for (int i = 1; i <= 24; i++) {
            String log = logs.get("talk_" + i);
            for (int line = 1; line <= LINES; line++) {
                assertThat(log).contains("out " + line + " of talk_" + i + "\n", "err " + line + " of talk_" + i + "\n");
            }
            assertThat(log).contains("the token is " + Masker.MASK).doesNotContain("s3cr3t");
            assertThat(log).contains(i % 6 == 0 ? "status FAILED" : "status PASSED").contains("resources: wall");
            assertThat(log.indexOf("step talk_" + i)).isLessThan(log.indexOf("status "));
        }
        assertThat(logs.get("hang")).contains("before the hang", "status FAILED", "timed out after 1s");
    }

    @Test
    void logsWrittenFromManyThreadsAreCompleteOnceAwaitedAndLinesAppendedAfterTheEndComeLast() throws Exception {
        StepLogWriter writer = new StepLogWriter(Masker.create());
        Path logs = dir.resolve("Logs");
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> running = new ArrayList<>();
        List<Path> paths = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    StepLogFile log = StepLogFile.create(writer, logs, "same", 1 << 20);
                    paths.add(log.path());
                    for (int i = 0; i < 2_000; i++) {
                        log.raw("t" + id + " line " + i + "\n");
                    }
                    log.info("done " + id + " password=hunter2");
                    log.close();
                    writer.appendAfterClose(log.path(), "WARNING after the end " + id);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        assertThat(paths).hasSize(threads).doesNotHaveDuplicates();
        for (Path path : paths) {
            assertThat(StepLogs.awaitWritten(path)).isTrue();
            String log = Files.readString(path);
            String id = log.substring(1, log.indexOf(' '));
            for (int i = 0; i < 2_000; i++) {
                assertThat(log).contains("t" + id + " line " + i + "\n");
            }
            assertThat(log).contains("done " + id).doesNotContain("hunter2");
            assertThat(log.strip()).endsWith("WARNING after the end " + id);
        }
    }

    @Test
    void whatAChildAppendedToItsLogFileBeforeTheWriterCreatedItIsKeptAndMasked() throws Exception {
        StepLogWriter writer = new StepLogWriter(Masker.create());
        StepLogFile log = StepLogFile.create(writer, dir, "child", 1 << 20);
        Files.writeString(log.path(), "child line password=opensesame\n");
        log.info("engine line");
        log.close();

        assertThat(StepLogs.awaitWritten(log.path())).isTrue();
        assertThat(Files.readString(log.path())).contains("child line", "engine line").doesNotContain("opensesame");
    }

    @Test
    void theEndOfALogIsKeptInMemoryForFailureMessages() {
        StepLogWriter writer = new StepLogWriter(Masker.create());
        try (StepLogFile log = createQuietly(writer)) {
            byte[] big = new byte[StepLogFile.TAIL_BYTES + 100];
            java.util.Arrays.fill(big, (byte) 'x');
            log.raw(big, 0, big.length);
            log.raw("last line\n");
            String end = new String(log.end(20), StandardCharsets.UTF_8);
            assertThat(end).endsWith("last line\n").hasSize(20);
            assertThat(log.end(Integer.MAX_VALUE)).hasSize(StepLogFile.TAIL_BYTES);
            assertThat(log.length()).isEqualTo(big.length + "last line\n".length());
        }
    }

    private StepLogFile createQuietly(StepLogWriter writer) {
        try {
            return StepLogFile.create(writer, dir, "tail", Long.MAX_VALUE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
