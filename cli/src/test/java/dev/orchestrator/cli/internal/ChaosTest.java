package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.report.database.internal.RunDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: the CLI, as a real process, is stopped by SIGTERM or killed by kill -9 while a step runs whose
 * processes daemonize ({@code setsid}, double fork). Afterwards no process of the step is alive (found by a
 * marker in their environment, scanning {@code /proc}) and no bridge folder is left; a resumed run passes,
 * and the stopped run is marked {@code interrupted} in the run database.
 */
class ChaosTest {

    /** How long a CLI may take to reach the long step, or a killed one's processes to go (a slow, busy CI). */
    private static final long PATIENCE_MS = 120_000;

    @TempDir
    Path dir;

    private TestWorkspace ws;
    private String marker;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        marker = "chaos-probe-" + UUID.randomUUID();
        Path script = ws.write("scriptlets/shell/daemonize.sh", """
                #!/usr/bin/env bash
                set -Eeuo pipefail
                source "$(dirname "$0")/lib/ctx.sh"
                [ "$(ctx_get seeded)" = 1 ] || { echo "ctx not restored" >&2; exit 1; }
                if [ -e "$ORCH_WORKSPACE/Data/calm" ]; then ctx_set daemonized 1; exit 0; fi
                setsid sleep 300 &
                ( setsid sleep 300 & )
                ( nohup sleep 300 >/dev/null 2>&1 & )
                dirname "$ORCH_CTX_FILE" > "$ORCH_WORKSPACE/Data/bridge.txt"
                sleep 300
                """);
        script.toFile().setExecutable(true);
        ws.write("scriptlets/shell/seed.sh", """
                #!/usr/bin/env bash
                set -Eeuo pipefail
                source "$(dirname "$0")/lib/ctx.sh"
                ctx_set seeded 1
                """).toFile().setExecutable(true);
        ws.write("recipes/chaos.yaml", """
                test_meta: {test_id: chaos, tester: qa, description: steps that daemonize and are stopped from outside}
                steps:
                  - {idx: 1, name: seed, type: shell, cmd: scriptlets/shell/seed.sh}
                  - {idx: 2, name: daemonize, type: shell, cmd: scriptlets/shell/daemonize.sh, depends_on: [seed],
                     env: {PROBE: %s}}
                """.formatted(marker));
    }

    @Test
    void sigtermOfTheCliLeavesNoProcessAndNoBridgeFolderAndTheRunIsInterrupted() throws Exception {
        String output = stopMidStepThenResume(Process::destroy); // SIGTERM
        assertThat(output).contains("[orchestrator] interrupted: the running steps were stopped");
    }

    @Test
    void killMinus9OfTheCliLeavesNoProcessAndNoBridgeFolderAndTheRunIsInterrupted() throws Exception {
        stopMidStepThenResume(Process::destroyForcibly); // SIGKILL
    }

    /** Returns what the stopped CLI printed. */
    private String stopMidStepThenResume(Consumer<Process> stop) throws Exception {
        Path log = dir.resolve("cli-1.log");
        Process cli = cli(log, "run", "--recipe", "recipes/chaos.yaml", "-c", "orchestrator.run-id=chaos-1");
        Path bridgeFile = ws.root.resolve("Data/bridge.txt");
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        while (!Files.exists(bridgeFile) || Files.size(bridgeFile) == 0 || survivors().size() < 3) {
            assertThat(cli.isAlive()).as("the CLI ended before the step daemonized:\n%s", read(log)).isTrue();
            assertThat(System.currentTimeMillis()).as("the step never daemonized:\n%s", read(log)).isLessThan(deadline);
            Thread.sleep(100);
        }
        Path bridge = Path.of(Files.readString(bridgeFile).strip());
        assertThat(bridge).exists();

        stop.accept(cli);
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
        assertThat(cli.exitValue()).isNotZero();
        // where no PID namespace can be made (the runner log warns), the processes a JVM killed by kill -9 left
        // are killed by the next start: then they are checked after the resumed run
        boolean contained = !read(ws.root.resolve("Logs/orchestrator.log")).contains("not fully contained");
        if (contained) {
            assertThat(awaitNoSurvivors()).as("processes of the step alive after the CLI ended").isEmpty();
        }

        // the next start cleans up after a JVM that could not (kill -9), then the resumed run passes
        ws.write("Data/calm", "");
        Path log2 = dir.resolve("cli-2.log");
        Process resume = cli(log2, "run", "--recipe", "recipes/chaos.yaml", "--resume-from", "daemonize",
                "-c", "orchestrator.run-id=chaos-2");
        assertThat(resume.waitFor(PATIENCE_MS, TimeUnit.MILLISECONDS)).as(read(log2)).isTrue();
        assertThat(resume.exitValue()).as(read(log2)).isZero();
        assertThat(read(log2)).contains("1 passed");
        assertThat(awaitNoSurvivors()).as("processes of the step alive after the next start").isEmpty();
        assertThat(bridge).doesNotExist();
        assertThat(bridgesOfDeadJvms(bridge.getParent())).isEmpty();
        try (RunDatabase db = RunDatabase.open(ws.root.resolve("Data/orchestrator.db"))) {
            assertThat(db.runStatus("chaos-1")).contains("interrupted");
            assertThat(db.runStatus("chaos-2")).contains("finished");
            assertThat(db.lastRuns("chaos", 5)).filteredOn(r -> r.runId().equals("chaos-1"))
                    .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("interrupted"));
        }
        return read(log);
    }

    private Process cli(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ws.root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    /** The step's processes: waits (up to the patience) for a killed JVM's processes to be gone. */
    private List<String> awaitNoSurvivors() throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        List<String> alive = survivors();
        while (!alive.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            alive = survivors();
        }
        return alive;
    }

    private List<String> survivors() {
        return ProcScan.withMarker(marker);
    }

    /** Bridge folders of this test's CLI JVMs still present (their names carry the owner's pid). */
    private static List<Path> bridgesOfDeadJvms(Path root) throws IOException {
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "orchestrator-*-daemonize-*")) {
            entries.forEach(left::add);
        }
        left.removeIf(p -> {
            String[] owner = p.getFileName().toString().split("-")[1].split("\\.");
            return owner.length == 3 && ProcessHandle.of(Long.parseLong(owner[1])).isPresent();
        });
        return left;
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static {
        // the scan needs /proc: the test is Linux-only, like the guarantee it checks
        assert new File("/proc").isDirectory();
    }
}
