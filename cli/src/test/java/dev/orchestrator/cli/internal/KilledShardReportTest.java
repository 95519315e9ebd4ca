package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.report.database.internal.DatabaseTarget;
import dev.orchestrator.report.database.internal.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard killed with {@code kill -9} as a user would (docs/shards-and-databases.md, "A shard that dies"), then
 * read back the way a user reads a run: {@code orchestrator report --run ID} and the monitor's reader, before any
 * other run opens the database. The run and the dead shard's recipe show as interrupted, the report says so, and
 * with PostgreSQL the report names the database by its URL (password masked) and a {@code user:password@} URL
 * logs in.
 */
class KilledShardReportTest {

    private static final long PATIENCE_MS = 300_000;

    @TempDir
    Path dir;

    @Test
    void aKilledShardOfASqliteRunIsInterruptedInTheMonitorAndTheReportWithoutAnotherRun() throws Exception {
        TestWorkspace ws = workspace(dir.resolve("sqlite"));
        killShardMidStep(ws, List.of(), Map.of(), DatabaseTarget.sqlite(ws.root.resolve("Data/orchestrator.db")));

        try (RunReader reader = RunReader.of(ws.root.resolve("Data/orchestrator.db"))) {
            assertThat(reader.run("dying-1").orElseThrow().status()).isEqualTo("interrupted");
            assertThat(reader.recipes("dying-1")).filteredOn(r -> r.recipe().equals("sleepy")).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo("interrupted"));
        }
        Cli.Result report = Cli.run("report", "-w", ws.root.toString(), "--run", "dying-1");
        assertThat(report.code()).as(report.toString()).isZero();
        assertThat(report.err()).contains("warning: run dying-1 was interrupted in Data/orchestrator.db")
                .doesNotContain("still running");
        assertThat(report.out()).contains("wrote reports/excel/dying-1.xlsx");
        Cli.Result history = Cli.run("history", "-w", ws.root.toString(), "-r", "sleepy", "--database",
                "jdbc:sqlite:Data/orchestrator.db");
        assertThat(history.code()).as(history.toString()).isZero();
        assertThat(history.out()).contains("recipe sleepy, run dying-1 (interrupted), from the run database");
    }

    @Test
    void aKilledShardOfAPostgresqlRunIsReportedByUrlWithThePasswordMasked() throws Exception {
        Optional<Path> bin = PostgresCluster.binaries();
        Assumptions.assumeTrue(bin.isPresent(),
                "no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql; .ci/run does)");
        try (PostgresCluster cluster = PostgresCluster.start(bin.get())) {
            cluster.createDatabase("dying");
            String url = cluster.url("dying");
            TestWorkspace ws = workspace(dir.resolve("pg"));
            killShardMidStep(ws, List.of("-c", "orchestrator.database.url=" + url), cluster.credentials(),
                    DatabaseTarget.of(ws.root, Optional.of(url), cluster.credentials()));

            // the password in the URL, in either form, logs in and is never printed
            String inQuery = url + "?user=" + PostgresCluster.USER + "&password=" + PostgresCluster.PASSWORD;
            String inAuthority = url.replace("//", "//" + PostgresCluster.USER + ":" + PostgresCluster.PASSWORD + "@");
            for (String database : List.of(inQuery, inAuthority)) {
                Cli.Result report = Cli.run("report", "-w", ws.root.toString(), "--run", "dying-1", "--database", database);
                assertThat(report.code()).as(report.toString()).isZero();
                assertThat(report.err()).contains("warning: run dying-1 was interrupted in jdbc:postgresql://")
                        .contains("******");
                assertThat(report.toString()).doesNotContain(PostgresCluster.PASSWORD);
                try (RunReader reader = RunReader.of(DatabaseTarget.of(ws.root, Optional.of(database), Map.of()))) {
                    assertThat(reader.recipes("dying-1")).extracting(RunReader.RecipeRow::status).contains("interrupted");
                }
            }
            Cli.Result missing = Cli.run("report", "-w", ws.root.toString(), "--run", "no-such-run", "--database", inQuery);
            assertThat(missing.code()).as(missing.toString()).isEqualTo(2);
            assertThat(missing.err()).contains("no run 'no-such-run' with recipes in jdbc:postgresql://")
                    .doesNotContain(PostgresCluster.PASSWORD);
        }
    }

    private static TestWorkspace workspace(Path root) throws IOException {
        TestWorkspace ws = TestWorkspace.in(root);
        ws.write("recipes/sleepy.yaml", """
                test_meta: {test_id: sleepy, tester: qa, description: a step that outlives its shard}
                steps:
                  - {idx: 1, name: nap, type: shell, cmd: scriptlets/shell/nap.sh}
                """);
        Path nap = ws.write("scriptlets/shell/nap.sh",
                "#!/usr/bin/env bash\nset -Eeuo pipefail\ntouch \"$ORCH_WORKSPACE/Data/napping\"\nsleep 300\n");
        assertThat(nap.toFile().setExecutable(true)).isTrue();
        return ws;
    }

    /**
     * Starts shard 1/2 of run dying-1 as its own JVM and kills it (SIGKILL) while its step runs, once the run
     * database has the recipe (the shard records it on a thread of its own, a moment after the step started).
     */
    private static void killShardMidStep(TestWorkspace ws, List<String> config, Map<String, String> env,
                                         DatabaseTarget database) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "-r", "recipes/*.yaml", "-q",
                "--shard", "1/2", "-c", "orchestrator.run-id=dying-1", "-c", "orchestrator.reports=database"));
        command.addAll(config);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ws.root.toFile())
                .redirectOutput(ws.root.resolve("Logs/cli-stdout.log").toFile())
                .redirectError(ws.root.resolve("Logs/cli-stderr.log").toFile());
        builder.environment().putAll(env);
        Process shard = builder.start();
        Path napping = ws.root.resolve("Data/napping");
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        try (RunReader reader = RunReader.of(database)) {
            while (!Files.exists(napping) || reader.recipes("dying-1").isEmpty()) {
                assertThat(shard.isAlive()).as(ws.read("Logs/cli-stderr.log")).isTrue();
                assertThat(System.currentTimeMillis()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        shard.destroyForcibly();
        assertThat(shard.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
}
