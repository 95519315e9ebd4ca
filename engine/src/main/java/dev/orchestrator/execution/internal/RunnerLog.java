package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.RunEvent.RecipeFinished;
import dev.orchestrator.event.RunEvent.RecipeStarted;
import dev.orchestrator.event.RunEvent.RunFinished;
import dev.orchestrator.event.RunEvent.RunStarted;
import dev.orchestrator.event.RunEvent.StepFinished;
import dev.orchestrator.event.RunEvent.StepSkipped;
import dev.orchestrator.event.RunEvent.StepStarted;
import dev.orchestrator.event.RunEvent.StepWarning;
import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.secrets.Masker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * The runner's own log, {@code Logs/orchestrator.log} (docs/architecture.md), and the one writer of it: one line
 * per run, recipe and step event — what ran, how it ended, how long it took, where its log is — and the
 * warnings of the engine and its reports ({@link #warn}), appended, so a history of runs builds up. Never
 * throws: a log problem must not become a run problem (it is said once through {@link #CONSOLE}). Every line
 * is masked ({@link Masker}).
 */
@API(status = INTERNAL)
public final class RunnerLog implements Subscriber<RunEvent> {

    /** The file name under the workspace's {@code Logs/}. */
    public static final String FILE = "orchestrator.log";

    /**
     * Where the engine says what a user must see at once (a warning that is also in this log): the platform
     * logger {@code dev.orchestrator}, which the JDK writes to stderr unless the application configures it.
     */
    public static final System.Logger CONSOLE = System.getLogger("dev.orchestrator");

    private final Path file;
    private final Masker masker;
    private java.io.Writer out; // open from runStarted to runFinished; lines outside a run open it briefly
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger aborted = new AtomicInteger();
    private volatile boolean broken;

    public RunnerLog(Path logDir) {
        this(logDir, Masker.create());
    }

    public RunnerLog(Path logDir, Masker masker) {
        this.file = logDir.resolve(FILE);
        this.masker = masker;
    }

    /** The runner log of a workspace: {@code <workspace>/Logs/orchestrator.log}. */
    public static RunnerLog forWorkspace(Path workspace, Masker masker) {
        return new RunnerLog(workspace.resolve("Logs"), masker);
    }

    /**
     * A warning: on the {@link #CONSOLE} at once, and in this log as one {@code WARNING:} line followed by the
     * cause's stack trace, both masked.
     *
     * @param cause what went wrong, or null
     */
    public void warn(String message, Throwable cause) {
        String text = masker.mask("WARNING: " + message + (cause == null ? "" : ": " + cause));
        CONSOLE.log(System.Logger.Level.WARNING, text);
        if (cause == null) {
            line(text);
            return;
        }
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        line(text + System.lineSeparator() + masker.mask(trace.toString().stripTrailing()));
    }

    /** Appends one time-stamped line (flushed at once, so the log can be followed while a run goes on). */
    public synchronized void line(String text) {
        if (broken) {
            return;
        }
        try {
            boolean open = out != null;
            if (!open) {
                openFile();
            }
            out.write(Instant.now() + " " + masker.mask(text) + System.lineSeparator());
            out.flush();
            if (!open) {
                closeFile();
            }
        } catch (IOException | RuntimeException e) {
            broken(e);
        }
    }

    private void broken(Exception e) {
        broken = true;
        CONSOLE.log(System.Logger.Level.WARNING, "cannot write the runner log " + file + ": " + e);
    }

    private void openFile() throws IOException {
        Files.createDirectories(file.getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private void closeFile() throws IOException {
        try {
            out.close();
        } finally {
            out = null;
        }
    }

    /** Every run event, as one line each; meant for synchronous delivery, so lines keep the run's order. */
    @Override
    public void subscribe(Subscriptions<RunEvent> on) {
        on.event(RunStarted.class, e -> runStarted(e.run()));
        on.event(RecipeStarted.class, e -> recipeStarted(e.recipe(), e.ctx()));
        on.event(StepStarted.class, e -> stepStarted(e.recipe(), e.step()));
        on.event(StepWarning.class, e -> stepWarning(e.recipe(), e.step(), e.warning()));
        on.event(StepFinished.class, e -> stepFinished(e.recipe(), e.step(), e.outcome()));
        on.event(StepSkipped.class, e -> stepSkipped(e.recipe(), e.step(), e.reason()));
        on.event(RecipeFinished.class, e -> recipeFinished(e.recipe(), e.ctx()));
        on.event(RunEvent.ServiceStopped.class, e -> line("service " + e.recipe().testId() + "/" + e.step().name()
                + " " + e.how() + ", log " + e.log().getFileName()));
        on.event(RunFinished.class, e -> runFinished(e.run()));
    }

    public synchronized void runStarted(RunInfo run) {
        try {
            openFile();
        } catch (IOException | RuntimeException e) {
            broken(e);
        }
        line("run " + run.runId() + " started in " + run.workspace());
    }

    public void recipeStarted(Recipe recipe, Context ctx) {
        line("recipe " + recipe.testId() + " started (" + recipe.source().displayName() + ", "
                + Counts.of(recipe.steps().size(), "step") + ")");
    }

    public void stepStarted(Recipe recipe, Step step) {
        line("step " + recipe.testId() + "/" + step.name() + " started");
    }

    public void stepFinished(Recipe recipe, Step step, StepOutcome.Finished outcome) {
        (switch (outcome.status()) {
            case PASSED -> passed;
            case FAILED -> failed;
            case ABORTED -> aborted;
            case SKIPPED -> skipped;
        }).incrementAndGet();
        String message = outcome.reason().map(r -> ": " + firstLine(r)).orElse(
                outcome instanceof StepOutcome.Passed p && p.cachedFrom() != null ? ": cached from run " + p.cachedFrom() : "");
        StepOutcome.Ran ran = outcome.ran();
        line("step " + recipe.testId() + "/" + step.name() + " " + outcome.status() + " after "
                + Durations.millis(ran.usage().wall()) + ", " + Counts.of(ran.attempts(), "attempt")
                + ran.logFile().map(log -> ", log " + log.getFileName()).orElse("") + message);
    }

    public void stepSkipped(Recipe recipe, Step step, String reason) {
        skipped.incrementAndGet();
        line("step " + recipe.testId() + "/" + step.name() + " SKIPPED: " + reason);
    }

    public void stepWarning(Recipe recipe, Step step, String warning) {
        line("step " + recipe.testId() + "/" + step.name() + " WARNING: " + warning);
    }

    public void recipeFinished(Recipe recipe, Context ctx) {
        line("recipe " + recipe.testId() + " finished");
    }

    public synchronized void runFinished(RunInfo run) {
        line("run " + run.runId() + " finished: " + passed + " passed, " + failed + " failed, " + skipped
                + " skipped" + (aborted.get() == 0 ? "" : ", " + aborted + " aborted"));
        if (out != null) {
            try {
                closeFile();
            } catch (IOException e) {
                CONSOLE.log(System.Logger.Level.WARNING, "cannot close the runner log " + file + ": " + e);
            }
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }
}
