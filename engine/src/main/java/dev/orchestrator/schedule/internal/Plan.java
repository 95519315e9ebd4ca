package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.internal.StepGraph;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * The steps of one recipe that this run executes, in an order that respects every dependency (ties keep
 * file order), and which of them were selected.
 */
@API(status = INTERNAL)
public final class Plan {

    private final Recipe recipe;
    private final List<Step> order;
    private final Set<String> visible;
    private final Selection selection;
    private final Set<String> upstream;

    private Plan(Recipe recipe, List<Step> order, Set<String> visible, Selection selection, Set<String> upstream) {
        this.recipe = recipe;
        this.order = List.copyOf(order);
        this.visible = Set.copyOf(visible);
        this.selection = selection;
        this.upstream = Set.copyOf(upstream);
    }

    /**
     * A plan for {@code recipe}. Only {@code visible} steps are considered at all (the launcher's tree after
     * filters: others are neither run nor reported); of those, {@code selection} leaves some out with a
     * reason. Steps that do not run count as satisfied dependencies (their ctx effects come from checkpoints).
     *
     * @throws IllegalArgumentException if the recipe's dependencies form a cycle (validation prevents that)
     */
    public static Plan of(Recipe recipe, Set<String> visible, Selection selection) {
        return new Plan(recipe, topologicalOrder(recipe), new LinkedHashSet<>(visible), selection, Set.of());
    }

    /**
     * This plan with upstream steps added: a step that a running step depends on, that is not in the launcher's
     * tree and that the selection does not leave out, runs first (before the steps that need it, reported as
     * part of them) when {@code runFirst} says so; and so, in turn, do the steps it needs. A dependency for which
     * {@code runFirst} is false keeps counting as satisfied (its ctx comes from its checkpoint).
     *
     * @param runFirst whether a dependency must run rather than be restored from a checkpoint
     */
    public Plan withUpstream(Predicate<Step> runFirst) {
        Map<String, Step> byName = new HashMap<>();
        order.forEach(s -> byName.put(s.name(), s));
        Set<String> added = new LinkedHashSet<>();
        Deque<Step> work = new ArrayDeque<>();
        order.stream().filter(this::willRun).forEach(work::add);
        while (!work.isEmpty()) {
            for (String dep : work.poll().scheduling().dependsOn()) {
                Step dependency = byName.get(dep);
                if (dependency == null || visible.contains(dep) || added.contains(dep)
                        || selection.reasonToLeaveOut(dependency, order) != null || !runFirst.test(dependency)) {
                    continue;
                }
                added.add(dep);
                work.add(dependency);
            }
        }
        return added.isEmpty() ? this : new Plan(recipe, order, visible, selection, added);
    }

    /** Whether the step runs only because a selected step needs its ctx (see {@link #withUpstream}). */
    public boolean isUpstream(Step step) {
        return upstream.contains(step.name());
    }

    /** Whether the run schedules the step at all: it is in the launcher's tree, or an upstream step. */
    public boolean takesPart(Step step) {
        return isVisible(step) || isUpstream(step);
    }

    /** The selection this plan was made with. */
    public Selection selection() {
        return selection;
    }

    public Recipe recipe() {
        return recipe;
    }

    /** Every step of the recipe in dependency order. */
    public List<Step> order() {
        return order;
    }

    /** Whether the step is part of this run at all (present in the launcher's tree). */
    public boolean isVisible(Step step) {
        return visible.contains(step.name());
    }

    /** Why a visible step is left out by only/skip/resume-from, or null when it runs. */
    public String leftOutReason(Step step) {
        return isUpstream(step) ? null : selection.reasonToLeaveOut(step, order);
    }

    /**
     * Whether the step runs in this plan: present in the tree and not left out by the selection, or an upstream
     * step.
     */
    public boolean willRun(Step step) {
        return isUpstream(step) || (isVisible(step) && leftOutReason(step) == null);
    }

    /** The recipe's steps in the {@link StepGraph}'s dependency order (ties keep file order). */
    private static List<Step> topologicalOrder(Recipe recipe) {
        Map<String, Step> byName = new HashMap<>();
        recipe.steps().forEach(s -> byName.putIfAbsent(s.name(), s));
        return StepGraph.of(recipe).topologicalOrder().stream().map(byName::get).toList();
    }
}
