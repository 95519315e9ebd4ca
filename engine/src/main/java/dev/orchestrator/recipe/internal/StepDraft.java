package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Step;
import java.util.List;
import java.util.Optional;

/**
 * A step as bound from YAML, before order rules are resolved: what {@link OrderResolver} needs, and the
 * {@link Step} itself (with no dependencies yet) when every required value was read.
 *
 * @param name          the step's name, or null when missing or malformed
 * @param namePosition  where the name's value is (or the step's position)
 * @param idx           the step's idx, or null when missing or malformed
 * @param idxPosition   where the idx's value is (or the step's position)
 * @param explicitDeps  the {@code depends_on} entries with their positions; null when the step has no {@code depends_on}
 * @param dependsOnExplicit whether {@code depends_on} was given (possibly empty, or malformed)
 * @param group         0-based parallel group index, or null
 * @param position      where the step's mapping starts
 * @param step          the bound step with empty {@code dependsOn}; empty when the step is invalid
 */
record StepDraft(String name, Position namePosition, Integer idx, Position idxPosition,
                 List<YamlNode.Scalar> explicitDeps, boolean dependsOnExplicit, Integer group,
                 Position position, Optional<Step> step) {

    /** How messages name the step: {@code step 'x'}, or by its position when it has no valid name. */
    String label() {
        return label(name, position);
    }

    static String label(String name, Position position) {
        return name != null ? "step '" + name + "'" : "the step at line " + position.line();
    }
}
