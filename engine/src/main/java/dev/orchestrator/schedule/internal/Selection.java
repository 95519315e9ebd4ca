package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.Step;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Which steps a run leaves out (docs/selection.md): {@code only}, {@code skip}, {@code resume-from}. A step left out
 * is reported skipped with the reason, and counts as satisfied for the steps that depend on it. Steps left
 * out here are never run as upstream steps: their ctx comes from their checkpoint.
 *
 * @param only       if not empty, the only steps that run
 * @param skip       steps that do not run
 * @param resumeFrom the step to start at: steps before it in plan order do not run
 * @param upstream   where the ctx of a dependency that is not in the run at all comes from
 */
@API(status = INTERNAL)
public record Selection(Set<String> only, Set<String> skip, Optional<String> resumeFrom, Upstream upstream) {

    public static final Selection ALL = new Selection(Set.of(), Set.of(), Optional.empty());

    public Selection {
        only = Set.copyOf(only);
        skip = Set.copyOf(skip);
        java.util.Objects.requireNonNull(upstream, "upstream");
    }

    /** A selection with the default {@link Upstream#AUTO}. */
    public Selection(Set<String> only, Set<String> skip, Optional<String> resumeFrom) {
        this(only, skip, resumeFrom, Upstream.AUTO);
    }

    /**
     * Why {@code step} is left out of a run whose steps run in {@code order}, or empty when it runs (also
     * used by the test plan filter of {@code orchestrator.selection-mode=prune}).
     */
    public Optional<String> leaveOut(Step step, List<Step> order) {
        return Optional.ofNullable(reasonToLeaveOut(step, order));
    }

    /** Why {@code step} is left out of a run whose steps run in {@code order}, or null when it runs. */
    String reasonToLeaveOut(Step step, List<Step> order) {
        if (!only.isEmpty() && !only.contains(step.name())) {
            return "not selected: only " + String.join(",", sorted(only));
        }
        if (skip.contains(step.name())) {
            return "skipped on request: skip " + String.join(",", sorted(skip));
        }
        if (resumeFrom.isPresent()) {
            int start = indexOf(order, resumeFrom.get());
            if (start >= 0 && indexOf(order, step.name()) < start) {
                return "before the resume point: resume-from " + resumeFrom.get();
            }
        }
        return null;
    }

    private static int indexOf(List<Step> order, String name) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
