package dev.orchestrator.report;

import dev.orchestrator.execution.RunInfo;
import dev.orchestrator.execution.RunListener;
import dev.orchestrator.execution.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A report plugin of a third party, for {@link ReportPluginsTest}: the names of the finished steps, written at run
 * end to its output ({@code listing:path}; default {@code reports/listing.txt}). It is registered only through a
 * class loader the test builds, so no other test finds it.
 */
public final class ListingReport implements ReportPlugin {

    @Override
    public String name() {
        return "listing";
    }

    @Override
    public RunListener start(ReportContext context) {
        Path file = context.output().orElse(context.settings().workspace().resolve("reports/listing.txt"));
        List<String> steps = new CopyOnWriteArrayList<>();
        return new RunListener() {
            @Override
            public void stepFinished(Recipe recipe, Step step, StepOutcome outcome) {
                steps.add(context.masker().mask(step.name()));
            }

            @Override
            public void runFinished(RunInfo run) {
                try {
                    Files.createDirectories(file.getParent());
                    Files.write(file, steps);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
