package dev.orchestrator.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.Context;
import dev.orchestrator.event.Event;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a run tells the JUnit adapter, the runner log and the reports, published on one
 * {@link dev.orchestrator.event.internal.EventBus}. Step events come from the thread that runs the step, so the events
 * of parallel steps arrive from several threads; each thread's events in order.
 *
 * <p>The records live here, beside the {@link StepOutcome} and {@link RunInfo} they carry; the bus that
 * delivers them ({@code dev.orchestrator.event}) knows nothing of runs.
 */
@API(status = EXPERIMENTAL)
public sealed interface RunEvent extends Event {

    /** Once per engine execution, before any recipe. */
    record RunStarted(RunInfo run) implements RunEvent {
        @Override
        public String describe() {
            return "RunStarted(" + (run == null ? "?" : run.runId()) + ")";
        }
    }

    /** Once per engine execution, after every recipe (also when one failed). */
    record RunFinished(RunInfo run) implements RunEvent {
        @Override
        public String describe() {
            return "RunFinished(" + (run == null ? "?" : run.runId()) + ")";
        }
    }

    /**
     * Before the first step of a recipe; {@code ctx} already holds {@code test_meta}. The ctx goes on changing
     * as steps run: a subscriber on another thread gets a frozen copy ({@link #detached}).
     */
    record RecipeStarted(Recipe recipe, Context ctx) implements RunEvent {
        @Override
        public String describe() {
            return "RecipeStarted(" + id(recipe) + ")";
        }

        @Override
        public RecipeStarted detached() {
            return new RecipeStarted(recipe, frozen(ctx));
        }
    }

    /** After the last step of a recipe, with its ctx as the steps left it. */
    record RecipeFinished(Recipe recipe, Context ctx) implements RunEvent {
        @Override
        public String describe() {
            return "RecipeFinished(" + id(recipe) + ")";
        }

        @Override
        public RecipeFinished detached() {
            return new RecipeFinished(recipe, frozen(ctx));
        }
    }

    /** A step is about to run. */
    record StepStarted(Recipe recipe, Step step) implements RunEvent {
        @Override
        public String describe() {
            return "StepStarted(" + id(recipe, step) + ")";
        }
    }

    /** A step that ran (passed or failed), its checkpoint written. */
    record StepFinished(Recipe recipe, Step step, StepOutcome.Finished outcome) implements RunEvent {
        @Override
        public String describe() {
            return "StepFinished(" + id(recipe, step) + ")";
        }
    }

    /**
     * The ctx changes a step made, with who, what and when (the values as the step wrote them: a subscriber that
     * shows them masks them), in the order made. Published once the step's checkpoint is written, before its
     * {@link StepFinished}, and only when the step changed something.
     */
    record CtxChanged(Recipe recipe, Step step, List<ChangeRecord> changes) implements RunEvent {
        public CtxChanged {
            changes = List.copyOf(changes);
        }

        @Override
        public String describe() {
            return "CtxChanged(" + id(recipe, step) + ", " + changes.size() + " change(s))";
        }
    }

    /** A step that did not run, with the reason (masked). */
    record StepSkipped(Recipe recipe, Step step, String reason) implements RunEvent {
        @Override
        public String describe() {
            return "StepSkipped(" + id(recipe, step) + ")";
        }
    }

    /**
     * Something about a step that is not a failure (masked): two steps that ran at the same time wrote the same
     * ctx key, a checkpoint could not be written, the step ran as an upstream step. Published right after the
     * step ran, before its {@link StepFinished}.
     */
    record StepWarning(Recipe recipe, Step step, String warning) implements RunEvent {
        @Override
        public String describe() {
            return "StepWarning(" + id(recipe, step) + ")";
        }
    }

    /**
     * A service step's process was stopped once the steps that needed it had ended, or when its recipe ended
     * (docs/services.md); {@code how} says how it ended (masked). Published after the service step's
     * {@link StepFinished}, before its recipe's {@link RecipeFinished}.
     *
     * @param log the service's step log, which holds its output up to the stop
     */
    record ServiceStopped(Recipe recipe, Step step, String how, java.nio.file.Path log) implements RunEvent {
        @Override
        public String describe() {
            return "ServiceStopped(" + id(recipe, step) + ")";
        }
    }

    /**
     * One line a step logged through its {@code StepLog} (the engine's lines about the step and an in-process Java
     * scriptlet's {@code log.info}), masked as in the step's log file, without its time stamp; a step's lines in the
     * order logged, on the step's thread, before its {@link StepFinished}. A child process's own output goes to the
     * log file only. Published only while a subscriber wants this type ({@code Publisher.wants}), so a run that
     * does not listen pays nothing for it.
     */
    record StepLogLine(Recipe recipe, Step step, String line) implements RunEvent {
        @Override
        public String describe() {
            return "StepLogLine(" + id(recipe, step) + ")";
        }
    }

    private static String id(Recipe recipe) {
        return recipe == null ? "?" : recipe.testId();
    }

    private static String id(Recipe recipe, Step step) {
        return id(recipe) + "/" + (step == null ? "?" : step.name());
    }

    /** A copy of the ctx's values and history as they are now, taken together. */
    private static Context frozen(Context ctx) {
        if (ctx == null) {
            return null;
        }
        Checkpoint now = ctx.checkpoint("report");
        return Context.restore(ctx.recipe(), ctx.runId(), now.values(), now.history());
    }
}
