package dev.orchestrator.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.secrets.Masker;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a {@link ReportPlugin} gets when a run starts.
 *
 * @param settings where the run's reports go and how ({@link ReportSettings}); the built-in locations
 *                 ({@link ReportSettings#database()}, {@link ReportSettings#excelDir()}, …) already honour
 *                 an output given in {@link ReportKeys#REPORTS}
 * @param output   the output location given for this report in {@link ReportKeys#REPORTS}
 *                 ({@code name:path}), absolute and inside the workspace; empty when none was given (the
 *                 plugin then uses its default)
 * @param masker   the masker every text a report writes goes through (docs/reports.md, secrets)
 * @param graphs   the step graph of each finished recipe, drawn once per run and shared between reports
 */
@API(status = EXPERIMENTAL)
public record ReportContext(ReportSettings settings, Optional<Path> output, Masker masker, RecipeGraphs graphs) {
}
