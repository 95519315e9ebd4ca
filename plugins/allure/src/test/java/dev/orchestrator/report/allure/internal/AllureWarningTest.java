package dev.orchestrator.report.allure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step's warnings reach its Allure result (the engine's side: ParallelExecutionTest). */
class AllureWarningTest {

    @TempDir
    Path dir;

    @Test
    void parallelStepsWritingTheSameKeyCarryTheWarningInTheAllureResultOfTheStepThatFinishedSecond()
            throws Exception {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipe("p.yaml", """
                test_meta: {test_id: p, tester: qa, description: parallel}
                steps:
                  - {idx: 1, name: left, type: java, class: dev.orchestrator.testing.Scriptlets$WriteMany, params: {prefix: same, count: 2000}, depends_on: []}
                  - {idx: 2, name: right, type: java, class: dev.orchestrator.testing.Scriptlets$WriteMany, params: {prefix: same, count: 2000}, depends_on: []}
                """);

        EngineRun.in(ws).config(Constants.PARALLELISM, "2").config(Constants.REPORTS, "allure")
                .execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(2));

        List<String> allure;
        try (Stream<Path> files = Files.list(ws.resolve("reports/allure-results"))) {
            allure = files.filter(f -> f.toString().endsWith("-result.json")).map(AllureWarningTest::read).toList();
        }
        assertThat(allure).hasSize(2).filteredOn(r -> r.contains("\"name\":\"warnings\"")).hasSize(1)
                .allMatch(r -> r.contains("WARNING: ctx key 'same_"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
