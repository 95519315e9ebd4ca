package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.execution.cache.internal.CacheEntry;
import dev.orchestrator.execution.cache.internal.CacheException;
import dev.orchestrator.execution.cache.internal.CacheSettings;
import dev.orchestrator.execution.cache.internal.CacheStore;
import dev.orchestrator.execution.cache.internal.CachedOutputs;
import dev.orchestrator.execution.cache.internal.Fingerprint;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Around one step with {@code cache:} (docs/caching.md): computes its fingerprint when it starts; on a hit it does
 * not run the step but restores its outputs, replays its ctx writes (recorded as the step, "cached from run …") and
 * writes a short log; on a miss it runs it and, when it passed and its outputs exist, stores the result. Anything
 * that keeps a step from being cached is a warning, never a failure: the step then simply runs.
 */
final class StepCaching {

    /** Runs the step itself. */
    @FunctionalInterface
    interface Body {
        StepOutcome.Finished run() throws InterruptedException;
    }

    private final RunSettings settings;
    private final CacheSettings cache;
    private final CacheStore store;
    private final StepExecutor executor;

    StepCaching(RunSettings settings, CacheSettings cache, StepExecutor executor) {
        this.settings = settings;
        this.executor = executor;
        this.cache = cache;
        this.store = CacheStore.of(settings.workspace());
    }

    /**
     * The step's outcome, from the cache or from {@code body}.
     *
     * @param ctx  the recipe's ctx (the runner's view)
     * @param warn told each reason the step was not cached, masked
     */
    StepOutcome.Finished execute(Recipe recipe, Step step, Context ctx, Consumer<String> warn, Body body)
            throws InterruptedException {
        if (!step.cache().enabled() || !cache.mode().reads()) {
            return body.run();
        }
        String fingerprint;
        try {
            fingerprint = Fingerprint.of(step, settings.workspace(), settings.classLoader(), System::getenv,
                    Fingerprint.ctxRead(step.contract(), ctx));
        } catch (IOException | CacheException | UncheckedIOException e) {
            warn.accept(settings.masker().mask("not cached: cannot compute the step's fingerprint: " + e.getMessage()));
            return body.run();
        }
        Optional<CacheEntry> hit = store.lookup(fingerprint);
        if (hit.isPresent()) {
            try {
                return replay(recipe, step, ctx, hit.get());
            } catch (IOException | CacheException | UncheckedIOException e) {
                warn.accept(settings.masker().mask("cache entry " + fingerprint + " cannot be used (" + e.getMessage()
                        + "); the step runs"));
            }
        }
        int historyBefore = ctx.historySize();
        StepOutcome.Finished outcome = body.run();
        if (cache.mode().writes() && outcome instanceof StepOutcome.Passed passed) {
            save(recipe, step, ctx, fingerprint, passed, ctx.historySince(historyBefore), warn);
        }
        return outcome;
    }

    private StepOutcome.Passed replay(Recipe recipe, Step step, Context ctx, CacheEntry entry)
            throws IOException, CacheException {
        CachedOutputs outputs = new CachedOutputs(store, settings.workspace());
        List<String> restored = outputs.restore(entry.outputs());
        store.touch(entry);
        StepLogFile log = executor.newLog(step.name());
        try (log) {
            log.info("step %s (recipe %s, run %s)", step.name(), recipe.testId(), settings.runId());
            log.info("cached from run %s: not executed (fingerprint %s, entry of %s)", entry.runId(),
                    entry.fingerprint(), entry.created());
            Context as = ctx.actingAs(step.name(), step.scriptletId() + " (cached from run " + entry.runId() + ")");
            for (CacheEntry.CtxWrite write : entry.ctxWrites()) {
                if ("delete".equals(write.op())) {
                    as.remove(write.key());
                } else {
                    as.set(write.key(), write.value());
                    settings.masker().learn(write.key(), write.value());
                }
            }
            log.info("replayed %d ctx write(s); restored %d output file(s)%s", entry.ctxWrites().size(),
                    entry.outputs().size(), restored.isEmpty() ? "" : ": " + String.join(", ", restored));
            log.info("status PASSED (cached from run %s)", entry.runId());
        }
        JsonNode result = entry.result() == null || entry.result().isNull() ? null : entry.result();
        return new StepOutcome.Passed(result, StepOutcome.Ran.of(ResourceUsage.NONE, 0, log.path()), entry.runId());
    }

    private void save(Recipe recipe, Step step, Context ctx, String fingerprint, StepOutcome.Passed passed,
                      List<ChangeRecord> since, Consumer<String> warn) {
        List<CacheEntry.CtxWrite> writes = new ArrayList<>();
        for (ChangeRecord change : since) {
            if (change.who().equals(step.name())) {
                writes.add(change.op() == ChangeRecord.Op.DELETE
                        ? new CacheEntry.CtxWrite("delete", change.key(), null)
                        : new CacheEntry.CtxWrite("set", change.key(), change.value()));
            }
        }
        try {
            CachedOutputs outputs = new CachedOutputs(store, settings.workspace());
            Optional<List<CacheEntry.Output>> stored = outputs.store(step.cache().outputs());
            if (stored.isEmpty()) {
                warn.accept("not cached: a declared output (" + String.join(", ", step.cache().outputs())
                        + ") matched no file after the step ran");
                return;
            }
            store.putEntry(new CacheEntry(fingerprint, recipe.testId(), step.name(), settings.runId(), Instant.now(),
                    writes, stored.get(), passed.result()));
        } catch (IOException | CacheException | UncheckedIOException e) {
            warn.accept(settings.masker().mask("not cached: cannot store the step's result: " + e.getMessage()));
        }
    }
}
