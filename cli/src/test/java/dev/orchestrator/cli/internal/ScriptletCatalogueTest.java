package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrator doc --all}: the catalogue of every scriptlet, and the committed copy in docs/scriptlets/. */
class ScriptletCatalogueTest {

    /** The repository root: the workspace whose scriptlets the committed catalogue describes. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theCommittedCatalogueIsWhatDocAllGenerates() throws IOException {
        Cli.Result result = Cli.run("doc", "--all", "--workspace", REPOSITORY.toString(), "--output", dir.toString());
        assertThat(result.code()).as(result.toString()).isZero();

        Path committed = REPOSITORY.resolve("docs/scriptlets");
        assertThat(names(committed))
                .as("docs/scriptlets/ is out of date: run `./orchestrator doc --all` from the repository root")
                .isEqualTo(names(dir));
        for (String name : names(dir)) {
            assertThat(Files.readString(committed.resolve(name), StandardCharsets.UTF_8))
                    .as("docs/scriptlets/%s is out of date: run `./orchestrator doc --all` from the repository root", name)
                    .isEqualTo(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theCatalogueListsEveryKindWithItsDeclaredParams() throws IOException {
        TestWorkspace ws = TestWorkspace.in(dir);
        ws.write("scriptlets/shell/count-rows.sh", """
                #!/usr/bin/env bash
                # Name: count-rows
                # Description: Count the rows of a CSV | quickly.
                # Parameters:
                #     input (path, required, env=INPUT): the CSV.
                set -Eeuo pipefail
                """);

        Cli.Result result = Cli.run("doc", "--all", "--workspace", dir.toString());

        assertThat(result.code()).as(result.toString()).isZero();
        Path out = dir.resolve("docs/scriptlets");
        assertThat(Files.readString(out.resolve("README.md")))
                .contains("| shell | [count-rows](shell-count-rows.md) | input | Count the rows of a CSV \\| quickly. |")
                .contains("| java | [set-ctx](java-set-ctx.md) | values | Set ctx keys to the given JSON values. |");
        assertThat(Files.readString(out.resolve("shell-count-rows.md")))
                .contains("| `input` | path | yes |  | `INPUT` | the CSV. |", "```text\nName: count-rows");
        assertThat(Files.readString(out.resolve("java-write-json.md")))
                .contains("| `pretty` | bool | no | `true` |  | indent the JSON |");
    }

    @Test
    void docShowsTheDeclaredParamsOfOneScriptlet() {
        Cli.Result result = Cli.run("doc", "--workspace", REPOSITORY.toString(), "compute_metrics");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Declared parameters:\n  --input PATH  CSV file to read");
    }

    @Test
    void docNeedsANameOrAll() {
        assertThat(Cli.run("doc", "--workspace", dir.toString()).code()).isEqualTo(2);
        assertThat(Cli.run("doc", "--all", "set-ctx", "--workspace", dir.toString()).code()).isEqualTo(2);
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
