package dev.orchestrator.execution.internal;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.context.WriteGuard;
import dev.orchestrator.recipe.Step;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Holds a step that declares its {@code writes} to them at run time (docs/contracts.md): with
 * {@link ContractMode#ERROR} an in-process step's write of another key throws from {@code ctx.set} (nothing is
 * stored) and a process step's changes are refused before any is applied; with {@link ContractMode#WARN} the
 * writes stand and each undeclared key becomes a warning once the step has finished. A step that declares no
 * writes may write anything.
 */
final class WriteContract implements WriteGuard {

    private final Step step;

    private WriteContract(Step step) {
        this.step = step;
    }

    /** {@code ctx} guarded for {@code step} when its writes are declared and {@code mode} is ERROR; else as is. */
    static Context guard(Step step, Context ctx, ContractMode mode) {
        return mode == ContractMode.ERROR && step.contract().declaresWrites() ? ctx.guardedBy(new WriteContract(step)) : ctx;
    }

    @Override
    public void check(String key) {
        if (!step.contract().mayWrite(key)) {
            throw new StepFailedException(message(step, key));
        }
    }

    /**
     * Before a process step's changes are applied: with ERROR, the first undeclared key fails the step and
     * none of the {@code keys} is applied.
     */
    static void checkAll(Step step, Collection<String> keys, ContractMode mode) {
        if (mode != ContractMode.ERROR) {
            return;
        }
        for (String key : keys) {
            if (!step.contract().mayWrite(key)) {
                throw new StepFailedException(message(step, key) + "; none of the step's " + keys.size()
                        + " ctx change(s) was applied");
            }
        }
    }

    /** With WARN: one warning per key {@code changes} (the step's own) wrote outside its declared writes. */
    static List<String> warnings(Step step, List<ChangeRecord> changes, ContractMode mode) {
        if (mode != ContractMode.WARN || !step.contract().declaresWrites()) {
            return List.of();
        }
        Set<String> undeclared = new LinkedHashSet<>();
        changes.stream().map(ChangeRecord::key).filter(k -> !step.contract().mayWrite(k)).forEach(undeclared::add);
        return undeclared.stream().map(key -> message(step, key) + " (orchestrator.contracts=warn: the write stands)")
                .toList();
    }

    private static String message(Step step, String key) {
        return "step '" + step.name() + "' wrote ctx key '" + key + "', which it does not declare in writes "
                + step.contract().writes() + "; add it to writes (docs/contracts.md)";
    }
}
