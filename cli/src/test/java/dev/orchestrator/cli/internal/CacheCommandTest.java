package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} with cached steps ({@code --no-cache}, the summary) and {@code cache prune}. */
class CacheCommandTest {

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.write("scriptlets/shell/count.sh", """
                #!/usr/bin/env bash
                set -Eeuo pipefail
                source "$(dirname "$0")/lib/ctx.sh"
                echo ran >> Data/count.txt
                sort Data/raw.csv > Data/sorted.csv
                ctx_set sorted true
                """).toFile().setExecutable(true);
        ws.write("recipes/cached.yaml", """
                test_meta: {test_id: cached, tester: qa, description: a cached step}
                steps:
                  - idx: 1
                    name: sort_rows
                    type: shell
                    cmd: scriptlets/shell/count.sh
                    cache: {inputs: [Data/raw.csv], outputs: [Data/sorted.csv]}
                """);
    }

    private Cli.Result run(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "run";
        all[1] = "--workspace";
        all[2] = ws.root.toString();
        all[3] = "--recipe";
        all[4] = "recipes/cached.yaml";
        System.arraycopy(args, 0, all, 5, args.length);
        return Cli.run(all);
    }

    private long executions() throws Exception {
        return Files.readAllLines(ws.root.resolve("Data/count.txt")).size();
    }

    @Test
    void theSecondRunSaysWhereTheResultCameFromAndNoCacheRunsTheStep() throws Exception {
        assertThat(run("-c", "orchestrator.run-id=first").code()).isZero();
        Cli.Result second = run("-c", "orchestrator.run-id=second");
        assertThat(second.code()).as(second.toString()).isZero();
        assertThat(executions()).isEqualTo(1);
        assertThat(second.out()).contains("[     OK ] cached › sort_rows (")
                .contains(": cached from run first")
                .containsPattern("cached +sort_rows +PASSED +\\S+ +cached from run first");

        Cli.Result json = run("--json", "-q");
        JsonNode step = new ObjectMapper().readTree(json.out()).get("recipes").get(0).get("steps").get(0);
        assertThat(step.get("cached_from").asText()).isEqualTo("first");

        Cli.Result uncached = run("--no-cache");
        assertThat(uncached.code()).isZero();
        assertThat(uncached.out()).doesNotContain("cached from run");
        assertThat(executions()).isEqualTo(2);
    }

    @Test
    void pruneToASizeEmptiesTheStoreAndTheStepRunsAgain() throws Exception {
        run();
        Cli.Result kept = Cli.run("cache", "prune", "--workspace", ws.root.toString(), "--older-than", "30d");
        assertThat(kept.code()).as(kept.toString()).isZero();
        assertThat(kept.out()).contains("pruned 0 cached result(s)", "1 result(s) kept");

        Cli.Result pruned = Cli.run("cache", "prune", "--workspace", ws.root.toString(), "--max-size", "1");
        assertThat(pruned.code()).as(pruned.toString()).isZero();
        assertThat(pruned.out()).contains("pruned 1 cached result(s) and 1 stored file(s)", "-> 0 B, 0 result(s) kept");
        run();
        assertThat(executions()).isEqualTo(2);
    }

    @Test
    void aBadSizeOrAgeIsAUsageError() {
        Cli.Result size = Cli.run("cache", "prune", "--workspace", ws.root.toString(), "--max-size", "lots");
        assertThat(size.code()).isEqualTo(2);
        assertThat(size.err()).contains("--max-size", "500MB");
        Cli.Result age = Cli.run("cache", "prune", "--workspace", ws.root.toString(), "--older-than", "soon");
        assertThat(age.code()).isEqualTo(2);
        assertThat(age.err()).contains("--older-than", "30d");
    }
}
