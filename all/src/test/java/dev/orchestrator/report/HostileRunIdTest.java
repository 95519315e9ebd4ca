package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run id of {@code ..} names its files {@code __…}: no hidden workbook, no odd journal or Allure cleaning record. */
class HostileRunIdTest {

    @TempDir
    Path dir;

    @Test
    void aRunIdOfTwoDotsNamesNoHiddenFile() throws IOException {
        Path ws = dir.resolve("ws");
        Workspace workspace = new Workspace(ws);
        Path recipe = workspace.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: a hostile run id}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
        EngineRun.in(workspace).config(Constants.RUN_ID, "..")
                .config(Constants.REPORTS, "excel, allure, database, graph").config(Constants.ALLURE_CLEAN, "true")
                .execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(ws.resolve("reports/excel/__.xlsx")).isRegularFile();
        try (Stream<Path> all = Files.walk(dir)) {
            // Allure's bookkeeping folder and its records are hidden by design (checked below)
            List<String> hidden = all.filter(p -> p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.toString().contains(".orchestrator-runs"))
                    .map(p -> dir.relativize(p).toString()).toList();
            assertThat(hidden).isEmpty();
        }
        try (Stream<Path> records = Files.list(ws.resolve("reports/allure-results/.orchestrator-runs"))) {
            assertThat(records.map(p -> p.getFileName().toString())).contains(".cleaned-__")
                    .noneMatch(n -> n.contains(".."));
        }
        try (Stream<Path> journals = Files.walk(ws.resolve("Data/ctx"))) {
            assertThat(journals.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).anyMatch(n -> n.contains("___"))
                    .noneMatch(n -> n.contains("_.."));
        }
    }
}
