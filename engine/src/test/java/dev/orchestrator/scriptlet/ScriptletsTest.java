package dev.orchestrator.scriptlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.context.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wrappers of {@link Scriptlets} change behaviour around a scriptlet without touching it. */
class ScriptletsTest {

    @TempDir
    Path workspace;

    private final List<String> log = new CopyOnWriteArrayList<>();

    /** Fails until its {@code succeedAt}-th call; records its workspace so we can see it was shared. */
    static final class Flaky extends BaseScriptlet {
        final AtomicInteger calls = new AtomicInteger();
        final int succeedAt;
        volatile Path seenWorkspace;

        Flaky(int succeedAt) {
            this.succeedAt = succeedAt;
        }

        @Override
        public void validate(Context ctx, Params params) {
            if (params.has("bad")) {
                throw new InvalidParamsException("bad params");
            }
        }

        @Override
        public Object run(Context ctx, Params params) {
            seenWorkspace = workspace();
            log().info("flaky call %d", calls.get() + 1);
            int call = calls.incrementAndGet();
            ctx.set("calls", call);
            if (call < succeedAt) {
                throw new IllegalStateException("attempt " + call + " failed");
            }
            return Map.of("calls", call);
        }
    }

    static final class Sleepy extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws InterruptedException {
            Thread.sleep(params.integer("millis", 5_000));
            return "woke";
        }
    }

    private Object invoke(BaseScriptlet scriptlet) throws Exception {
        return ScriptletInvoker.invoke(scriptlet, Context.create("r", "run").actingAs("step", "x"),
                Params.of(null), log::add, workspace);
    }

    @Test
    void timedLogsWallAndCpuAndKeepsTheResult() throws Exception {
        Flaky flaky = new Flaky(1);
        assertThat(invoke(Scriptlets.timed(flaky)).toString()).isEqualTo("{\"calls\":1}");
        assertThat(log).anyMatch(line -> line.matches("timing: Flaky ok, wall [0-9.]+ ms, cpu [0-9.]+ ms"));
        assertThat(log).contains("flaky call 1");
        assertThat(flaky.seenWorkspace).isEqualTo(workspace.toAbsolutePath().normalize());
    }

    @Test
    void trackedLogsAllocationAndHeap() throws Exception {
        invoke(Scriptlets.tracked(new Flaky(1)));
        assertThat(log).anyMatch(line -> line.startsWith("resources: Flaky allocated ") && line.contains("heap"));
    }

    @Test
    void retryingRunsUntilAnAttemptPasses() throws Exception {
        Flaky flaky = new Flaky(3);
        assertThat(invoke(Scriptlets.retrying(flaky, 3, Duration.ofMillis(5))).toString()).isEqualTo("{\"calls\":3}");
        assertThat(log).filteredOn(line -> line.startsWith("retry: Flaky attempt")).hasSize(2);
    }

    @Test
    void retryingThrowsTheLastFailureWithTheEarlierOnesSuppressed() {
        Flaky flaky = new Flaky(10);
        assertThatThrownBy(() -> invoke(Scriptlets.retrying(flaky, 2, Duration.ZERO)))
                .hasMessage("attempt 2 failed")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(flaky.calls).hasValue(2);
    }

    @Test
    void validateIsPassedThroughAndInvalidParamsAreNotRetried() {
        Flaky flaky = new Flaky(1);
        assertThatThrownBy(() -> ScriptletInvoker.invoke(Scriptlets.retrying(flaky, 5, Duration.ZERO),
                Context.create("r", "run"), Params.of(new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode().put("bad", true)), log::add, workspace))
                .isInstanceOf(InvalidParamsException.class);
        assertThat(flaky.calls).hasValue(0);
    }

    @Test
    void withTimeoutFailsASlowRunAndInterruptsIt() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> invoke(Scriptlets.withTimeout(new Sleepy(), Duration.ofMillis(200))))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Sleepy did not finish within 200.0 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void withTimeoutPassesResultsAndFailuresThrough() throws Exception {
        assertThat(invoke(Scriptlets.withTimeout(new Flaky(1), Duration.ofSeconds(5))).toString())
                .isEqualTo("{\"calls\":1}");
        assertThatThrownBy(() -> invoke(Scriptlets.withTimeout(new Flaky(2), Duration.ofSeconds(5))))
                .isInstanceOf(IllegalStateException.class).hasMessage("attempt 1 failed");
    }

    @Test
    void wrappersComposeAndKnowTheInnermostScriptlet() throws Exception {
        Flaky flaky = new Flaky(2);
        BaseScriptlet chain = Scriptlets.timed(Scriptlets.retrying(
                Scriptlets.withTimeout(flaky, Duration.ofSeconds(5)), 2, Duration.ZERO));
        assertThat(invoke(chain).toString()).isEqualTo("{\"calls\":2}");
        assertThat(((DelegatingScriptlet) chain).innermost()).isSameAs(flaky);
        assertThat(log).anyMatch(line -> line.startsWith("timing: Flaky ok"));
    }

    /** How a recipe uses a wrapped scriptlet: a class with a public no-argument constructor. */
    public static final class TimedFlaky extends DelegatingScriptlet {
        public TimedFlaky() {
            super(Scriptlets.timed(new Flaky(1)));
        }
    }

    @Test
    void aDelegatingSubclassIsAnOrdinaryScriptletClass() throws Exception {
        BaseScriptlet scriptlet = ScriptletInvoker.instantiate(TimedFlaky.class.getName(), getClass().getClassLoader());
        assertThat(invoke(scriptlet).toString()).isEqualTo("{\"calls\":1}");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> Scriptlets.retrying(new Flaky(1), 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scriptlets.withTimeout(new Flaky(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
