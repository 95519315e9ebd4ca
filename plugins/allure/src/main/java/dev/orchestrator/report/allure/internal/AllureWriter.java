package dev.orchestrator.report.allure.internal;

import dev.orchestrator.context.Context;
import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.execution.internal.StepLogs;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.report.internal.LibraryLogging;
import dev.orchestrator.report.RecipeGraphs;
import dev.orchestrator.report.RecipeTally;
import dev.orchestrator.report.ReportSettings;
import dev.orchestrator.report.internal.ReportWarmUp;
import dev.orchestrator.secrets.Masker;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.internal.Allure2ModelJackson;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.TestResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes Allure 2 results (docs/reports.md): one test result per step, with the step's log and ctx diff attached,
 * and the recipe's step graph attached to every step of the recipe.
 *
 * <p>Results of a recipe are held until it finishes, because the graph shows every step's final status;
 * the log and diff attachments are written at once. A recipe that never finishes is flushed, without a
 * graph, when the run finishes. Secrets are masked ({@link Masker}) in parameters, messages, the
 * description, warnings and the ctx diff; the step log arrives masked from the run.
 */
final class AllureWriter implements Subscriber<RunEvent> {

    private final ReportSettings settings;
    private final RecipeGraphs graphs;
    private final Masker masker;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile AllureResultsWriter writer;
    private volatile AllureClean running;

    AllureWriter(ReportSettings settings, RecipeGraphs graphs) {
        this(settings, graphs, Masker.create());
    }

    AllureWriter(ReportSettings settings, RecipeGraphs graphs, Masker masker) {
        this.settings = settings;
        this.graphs = graphs;
        this.masker = masker;
    }

    /** One recipe's results so far and the statuses for its graph. */
    private record Pending(RecipeTally tally, List<TestResult> results) {
    }

    @Override
    public void subscribe(Subscriptions<RunEvent> on) {
        on.event(RunEvent.RunStarted.class, e -> runStarted(e.run()));
        on.event(RunEvent.RecipeStarted.class, e -> recipeStarted(e.recipe(), e.ctx()));
        on.event(RunEvent.StepWarning.class, e -> stepWarning(e.recipe(), e.step(), e.warning()));
        on.event(RunEvent.StepFinished.class, e -> stepFinished(e.recipe(), e.step(), e.outcome()));
        on.event(RunEvent.StepSkipped.class, e -> stepSkipped(e.recipe(), e.step(), e.reason()));
        on.event(RunEvent.RecipeFinished.class, e -> recipeFinished(e.recipe(), e.ctx()));
        on.event(RunEvent.RunFinished.class, e -> runFinished(e.run()));
    }

    public void runStarted(RunInfo run) {
        LibraryLogging.quietSlf4j();
        try {
            Files.createDirectories(settings.allureResultsDir());
            running = AllureClean.start(settings.allureResultsDir());
            if (settings.allureClean()) {
                running.deleteEarlierResults(run.runId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.allureResultsDir(), e);
        }
        writer = new FileSystemResultsWriter(settings.allureResultsDir());
        // after the writer is set: a warm-up that fails or takes long leaves the report as it was
        ReportWarmUp.once("allure", () -> Allure2ModelJackson.createMapper()
                .writeValue(java.io.OutputStream.nullOutputStream(), AllureResults.warmUpResult()));
        ReportWarmUp.graphs();
    }

    public void recipeStarted(Recipe recipe, Context ctx) {
        pending.put(recipe.testId(), new Pending(new RecipeTally(recipe), new ArrayList<>()));
    }

    /** Warnings of steps not yet finished (a warning arrives just before its step's finish event). */
    private final Map<String, List<String>> warnings = new ConcurrentHashMap<>();

    public void stepWarning(Recipe recipe, Step step, String warning) {
        warnings.computeIfAbsent(recipe.testId() + "/" + step.name(), k -> java.util.Collections.synchronizedList(
                new ArrayList<>())).add(masker.mask(warning));
    }

    public void stepFinished(Recipe recipe, Step step, StepOutcome.Finished outcome) {
        TestResult result = shardLabels(AllureResults.ran(settings.project(), recipe, step, outcome, masker));
        List<String> stepWarnings = warnings.remove(recipe.testId() + "/" + step.name());
        if (stepWarnings != null) {
            // shown in the report as a "warnings" attachment and flagged in the test's description
            byte[] text = String.join("\n", stepWarnings).getBytes(StandardCharsets.UTF_8);
            attach(result, "warnings", "text/plain", "txt", () -> new ByteArrayInputStream(text));
            result.setDescription((result.getDescription() == null ? "" : result.getDescription() + "\n\n")
                    + "WARNING: " + String.join("\nWARNING: ", stepWarnings));
        }
        // a thread of the run writes the step logs: attach the complete one
        outcome.ran().logFile().filter(StepLogs::awaitWritten).filter(Files::isRegularFile).ifPresent(log -> attach(result, "step log", "text/plain", "txt",
                () -> Files.newInputStream(log)));
        byte[] diff = CtxDiff.json(outcome.ran().changes(), masker).getBytes(StandardCharsets.UTF_8);
        attach(result, "ctx diff", "application/json", "json", () -> new ByteArrayInputStream(diff));
        Pending recipeResults = pending(recipe);
        recipeResults.tally().finished(step, outcome);
        add(recipeResults, result);
    }

    public void stepSkipped(Recipe recipe, Step step, String reason) {
        Pending recipeResults = pending(recipe);
        recipeResults.tally().skipped(step, reason);
        add(recipeResults, shardLabels(AllureResults.skipped(settings.project(), recipe, step, reason, masker)));
    }

    public void recipeFinished(Recipe recipe, Context ctx) {
        Pending done = pending.remove(recipe.testId());
        if (done == null) {
            return;
        }
        List<TestResult> results;
        synchronized (done.results()) {
            results = List.copyOf(done.results());
        }
        Attachment graph = null;
        try {
            graph = graph(done.tally());
        } finally {
            for (TestResult result : results) {
                if (graph != null) {
                    result.getAttachments().add(graph);
                }
                writer.write(result);
            }
        }
    }

    public void runFinished(RunInfo run) {
        for (String recipe : List.copyOf(pending.keySet())) {
            Pending left = pending.remove(recipe);
            if (left != null) {
                synchronized (left.results()) {
                    left.results().forEach(writer::write);
                }
            }
        }
        AllureClean finished = running;
        if (finished != null) {
            try {
                finished.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the run marker in " + settings.allureResultsDir(), e);
            }
        }
    }

    /**
     * A sharded launch names its shard: a {@code shard} label, and the {@code thread} label Allure's timeline groups
     * by, so a report merged from every shard's results shows one lane per shard.
     */
    private TestResult shardLabels(TestResult result) {
        if (settings.shard() != null) {
            result.getLabels().add(new Label().setName("shard").setValue(settings.shard()));
            result.getLabels().add(new Label().setName("thread").setValue("shard " + settings.shard()));
        }
        return result;
    }

    private Pending pending(Recipe recipe) {
        return pending.computeIfAbsent(recipe.testId(), id -> new Pending(new RecipeTally(recipe), new ArrayList<>()));
    }

    private static void add(Pending recipeResults, TestResult result) {
        synchronized (recipeResults.results()) {
            recipeResults.results().add(result);
        }
    }

    private Attachment graph(RecipeTally tally) {
        byte[] png = graphs.of(tally).png();
        String source = UUID.randomUUID() + "-attachment.png";
        writer.write(source, new ByteArrayInputStream(png));
        return new Attachment().setName("step graph").setType("image/png").setSource(source)
                .setSize((long) png.length);
    }

    private interface Content {
        InputStream open() throws IOException;
    }

    private void attach(TestResult result, String name, String type, String extension, Content content) {
        String source = UUID.randomUUID() + "-attachment." + extension;
        try (InputStream in = content.open()) {
            writer.write(source, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot attach the " + name + " of " + result.getFullName(), e);
        }
        result.getAttachments().add(new Attachment().setName(name).setType(type).setSource(source));
    }
}
