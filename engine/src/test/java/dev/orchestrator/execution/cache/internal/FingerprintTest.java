package dev.orchestrator.execution.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepCache;
import dev.orchestrator.recipe.StepContract;
import dev.orchestrator.recipe.StepType;
import dev.orchestrator.recipe.Success;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes into a step's fingerprint, and what does not. */
class FingerprintTest {

    @TempDir
    Path ws;

    @BeforeEach
    void script() throws Exception {
        Files.createDirectories(ws.resolve("s"));
        Files.writeString(ws.resolve("s/a.sh"), "echo a\n");
    }

    private static Step step(Map<String, String> env, List<String> cacheEnv) {
        Step.Target target = new Step.Target(StepType.SHELL, "s/a.sh", null, null, null, null,
                JsonNodeFactory.instance.objectNode().put("n", 1), env);
        return new Step(1, "a", target, Step.Scheduling.NONE, Step.Limits.NONE, Success.NONE, null, Position.START)
                .withCache(new StepCache(true, List.of(), List.of(), cacheEnv));
    }

    private String of(Step step, Map<String, String> environment) throws Exception {
        return Fingerprint.of(step, ws, getClass().getClassLoader(), environment::get,
                JsonNodeFactory.instance.objectNode());
    }

    @Test
    void aDeclaredVariableCountsAndAnUndeclaredOneDoesNot() throws Exception {
        Step declared = step(Map.of(), List.of("REGION"));
        assertThat(of(declared, Map.of("REGION", "eu"))).isNotEqualTo(of(declared, Map.of("REGION", "us")))
                .isEqualTo(of(declared, Map.of("REGION", "eu", "OTHER", "x")));
        assertThat(of(declared, Map.of())).isNotEqualTo(of(declared, Map.of("REGION", "")));
    }

    @Test
    void theScriptsContentCounts() throws Exception {
        Step step = step(Map.of(), List.of());
        String before = of(step, Map.of());
        Files.writeString(ws.resolve("s/a.sh"), "echo b\n");
        assertThat(of(step, Map.of())).isNotEqualTo(before).hasSize(64);
    }

    @Test
    void declaredReadsLimitTheCtxToThoseKeysAndKeyOrderDoesNotCount() {
        Context one = Context.create("r", "run");
        one.set("a", 1);
        one.set("b", 2);
        Context two = Context.create("r", "run");
        two.set("b", 2);
        two.set("a", 1);
        two.set("unrelated", "x");
        StepContract readsA = new StepContract(List.of("a", "missing"), List.of());
        assertThat(Fingerprint.ctxRead(readsA, one)).isEqualTo(Fingerprint.ctxRead(readsA, two));
        assertThat(Fingerprint.ctxRead(readsA, one).has("missing")).isTrue();
        assertThat(Fingerprint.canonical(Fingerprint.ctxRead(StepContract.NONE, one)))
                .isNotEqualTo(Fingerprint.canonical(Fingerprint.ctxRead(StepContract.NONE, two)));
        two.remove("unrelated");
        assertThat(Fingerprint.canonical(Fingerprint.ctxRead(StepContract.NONE, one)).toString())
                .isEqualTo(Fingerprint.canonical(Fingerprint.ctxRead(StepContract.NONE, two)).toString());
    }
}
