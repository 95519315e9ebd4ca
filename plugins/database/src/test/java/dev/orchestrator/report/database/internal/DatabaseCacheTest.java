package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run database names the run a cached step's result came from ({@code step_results.cached_from}), and
 * {@link RunReader} reads it back.
 */
class DatabaseCacheTest {

    @TempDir
    Path dir;

    @Test
    void aCachedStepsRowNamesTheRunItCameFromAndARunStepsRowDoesNot() throws Exception {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: cached}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put, cache: true}
                """);
        for (String run : List.of("first", "second")) {
            EngineRun.in(ws).config(Constants.RUN_ID, run).config(ReportKeys.REPORTS, "database")
                    .execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(1));
        }
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("Data/orchestrator.db"));
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT run_id, status, cached_from FROM step_results ORDER BY run_id")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
            }
        }
        assertThat(rows).containsExactly("first passed null", "second passed first");
        // the reader the monitor and the workbook use carries it too
        try (RunReader reader = RunReader.of(ws.resolve("Data/orchestrator.db"))) {
            assertThat(reader.steps("first", "r")).singleElement().extracting(RunReader.StepRow::cachedFrom).isNull();
            assertThat(reader.steps("second", "r")).singleElement().extracting(RunReader.StepRow::cachedFrom)
                    .isEqualTo("first");
        }
    }
}
