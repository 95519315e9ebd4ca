package dev.orchestrator.report.allure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.junit.Constants;
import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step served from the step cache is labelled so in its Allure result, with the run it came from. */
class AllureCacheTest {

    @TempDir
    Path dir;

    @Test
    void aCachedStepCarriesACacheLabelAndTheRunItCameFrom() throws Exception {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: cached}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put, cache: true}
                """);
        for (String run : List.of("first", "second")) {
            EngineRun.in(ws).config(Constants.RUN_ID, run).config(ReportKeys.REPORTS, "allure:results-" + run)
                    .execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(1));
        }
        assertThat(labels(ws.resolve("results-first"))).doesNotContain("cache");
        JsonNode second = result(ws.resolve("results-second"));
        assertThat(labels(ws.resolve("results-second"))).contains("cache");
        assertThat(second.get("parameters").toString()).contains("cached_from", "first");
        assertThat(second.get("status").asText()).isEqualTo("passed");
    }

    private static JsonNode result(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            Path file = files.filter(f -> f.toString().endsWith("-result.json")).findFirst().orElseThrow();
            return new ObjectMapper().readTree(file.toFile());
        }
    }

    private static List<String> labels(Path folder) throws Exception {
        JsonNode result = result(folder);
        return java.util.stream.StreamSupport.stream(result.get("labels").spliterator(), false)
                .map(l -> l.get("name").asText()).toList();
    }
}
