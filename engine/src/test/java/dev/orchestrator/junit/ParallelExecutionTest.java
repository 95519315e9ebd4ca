package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Scriptlets.Intervals;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The parallel scheduler through the JUnit Platform: overlap, limits, exclusive resources, events, ctx. */
class ParallelExecutionTest {

    private static final String INTERVAL = "dev.orchestrator.testing.Scriptlets$Interval";

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        Intervals.reset();
    }

    private EngineExecutionResults run(String yaml, String... config) {
        Path recipe = ws.recipe("p.yaml", yaml);
        EngineRun engine = EngineRun.in(ws);
        for (int i = 0; i + 1 < config.length; i += 2) {
            engine.config(config[i], config[i + 1]);
        }
        return engine.execute(selectFile(recipe.toFile()));
    }

    private static String intervalStep(int idx, String name, String extra) {
        return "  - {idx: " + idx + ", name: " + name + ", type: java, class: " + INTERVAL + ", params: {id: " + name
                + "}, depends_on: []" + extra + "}\n";
    }

    private static final String HEADER = "test_meta: {test_id: p, tester: qa, description: parallel}\n";

    @Test
    void independentStepsOverlapAndDependentsWaitForTheirDependencies() {
        EngineExecutionResults results = run(HEADER + "settings: {parallelism: 4}\nsteps:\n"
                + intervalStep(1, "a", "") + intervalStep(2, "b", "") + intervalStep(3, "c", "")
                + "  - {idx: 4, name: d, type: java, class: " + INTERVAL + ", params: {id: d}, depends_on: [a, b, c]}\n",
                Constants.PARALLELISM, "4");
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4).failed(0));
        assertThat(Intervals.overlap("a", "b")).isTrue();
        assertThat(Intervals.overlap("b", "c")).isTrue();
        long dStart = Intervals.BY_STEP.get("d")[0];
        for (String dep : List.of("a", "b", "c")) {
            assertThat(dStart).as("d starts after " + dep + " ended").isGreaterThanOrEqualTo(Intervals.BY_STEP.get(dep)[1]);
        }
    }

    @Test
    void theRecipesParallelismIsNeverExceeded() {
        StringBuilder yaml = new StringBuilder(HEADER + "settings: {parallelism: 2}\nsteps:\n");
        for (int i = 1; i <= 6; i++) {
            yaml.append(intervalStep(i, "s" + i, ""));
        }
        run(yaml.toString(), Constants.PARALLELISM, "8").testEvents().assertStatistics(s -> s.succeeded(6));
        assertThat(Intervals.MAX_RUNNING.get()).isEqualTo(2);
    }

    @Test
    void theLaunchWideParallelismHoldsAcrossRecipes() {
        StringBuilder other = new StringBuilder("test_meta: {test_id: q, tester: qa, description: parallel}\nsteps:\n");
        StringBuilder mine = new StringBuilder(HEADER + "steps:\n");
        for (int i = 1; i <= 4; i++) {
            mine.append(intervalStep(i, "p" + i, ""));
            other.append(intervalStep(i, "q" + i, ""));
        }
        ws.recipe("q.yaml", other.toString());
        ws.recipe("p.yaml", mine.toString());
        EngineRun.in(ws).config(Constants.PARALLELISM, "3")
                .execute(org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory(ws.resolve("recipes").toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(8));
        assertThat(Intervals.MAX_RUNNING.get()).isEqualTo(3);
    }

    @Test
    void stepsSharingAResourceNeverOverlapWhileOthersDo() {
        run(HEADER + "steps:\n" + intervalStep(1, "db1", ", resources: [db]") + intervalStep(2, "db2", ", resources: [db]")
                + intervalStep(3, "free", ""), Constants.PARALLELISM, "4").testEvents().assertStatistics(s -> s.succeeded(3));
        assertThat(Intervals.overlap("db1", "db2")).isFalse();
        assertThat(Intervals.overlap("db1", "free") || Intervals.overlap("db2", "free")).isTrue();
    }

    @Test
    void aStepThatIsNotThreadSafeRunsAlone() {
        run(HEADER + "steps:\n" + intervalStep(1, "a", "") + intervalStep(2, "unsafe", ", thread_safe: false") + intervalStep(3, "b", "")
                + intervalStep(4, "c", ""), Constants.PARALLELISM, "4").testEvents().assertStatistics(s -> s.succeeded(4));
        for (String other : List.of("a", "b", "c")) {
            assertThat(Intervals.overlap("unsafe", other)).as("unsafe beside " + other).isFalse();
        }
    }

    @Test
    void eightParallelStepsOfTenThousandWritesLoseNothing() throws Exception {
        StringBuilder yaml = new StringBuilder(HEADER + "settings: {parallelism: 8}\nsteps:\n");
        for (int i = 1; i <= 8; i++) {
            yaml.append("  - {idx: ").append(i).append(", name: w").append(i)
                    .append(", type: java, class: dev.orchestrator.testing.Scriptlets$WriteMany, params: {prefix: w")
                    .append(i).append(", count: 10000}, depends_on: []}\n");
        }
        yaml.append("  - {idx: 9, name: last, type: java, class: dev.orchestrator.testing.Scriptlets$Put, "
                + "depends_on: [w1, w2, w3, w4, w5, w6, w7, w8]}\n");
        run(yaml.toString(), Constants.PARALLELISM, "8", Constants.REPORTS, "none")
                .testEvents().assertStatistics(s -> s.succeeded(9));
        Checkpoint last = CheckpointStores.forWorkspace(ws.root()).load("p", "last").orElseThrow();
        Map<String, Long> writesByStep = last.history().stream()
                .collect(Collectors.groupingBy(ChangeRecord::who, Collectors.counting()));
        for (int i = 1; i <= 8; i++) {
            assertThat(writesByStep.get("w" + i)).as("writes of w" + i).isEqualTo(10_000L);
        }
        assertThat(last.values().size()).isEqualTo(1 + 80_000);
    }

    @Test
    void parallelStepsWritingTheSameKeyAreReportedAsAWarning() throws Exception {
        EngineExecutionResults results = run(HEADER + "steps:\n"
                + "  - {idx: 1, name: left, type: java, class: dev.orchestrator.testing.Scriptlets$WriteMany, params: {prefix: same, count: 2000}, depends_on: []}\n"
                + "  - {idx: 2, name: right, type: java, class: dev.orchestrator.testing.Scriptlets$WriteMany, params: {prefix: same, count: 2000}, depends_on: []}\n",
                Constants.PARALLELISM, "2");
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(step("left"), finishedSuccessfully()))
                .haveExactly(1, event(step("right"), finishedSuccessfully()));
        List<String> warnings = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("warning"))
                .filter(w -> w != null).toList();
        assertThat(warnings).isNotEmpty().allMatch(w -> w.contains("written by steps") && w.contains("same_"));
        // the Allure result of the step that finished second carries it too: AllureWarningTest of the allure plugin
    }
}
