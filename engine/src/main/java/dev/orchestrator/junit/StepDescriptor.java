package dev.orchestrator.junit;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** A step: a test. Its tags are its own plus its recipe's, so tag filters (which prune leaves) work. */
final class StepDescriptor extends AbstractTestDescriptor {

    static final String SEGMENT = "step";

    private final Recipe recipe;
    private final Step step;

    StepDescriptor(UniqueId uniqueId, Recipe recipe, Step step, boolean qualifiedName, TestSource source) {
        super(uniqueId, qualifiedName ? recipe.testId() + " - " + step.name() : step.name(), source);
        this.recipe = recipe;
        this.step = step;
    }

    Recipe recipe() {
        return recipe;
    }

    Step step() {
        return step;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public String getLegacyReportingName() {
        return recipe.testId() + " - " + step.name();
    }

    @Override
    public Set<TestTag> getTags() {
        List<String> all = new ArrayList<>(recipe.meta().tags());
        all.addAll(step.scheduling().tags());
        return Tags.of(all);
    }
}
