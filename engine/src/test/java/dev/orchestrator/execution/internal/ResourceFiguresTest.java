package dev.orchestrator.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process step's figures: CPU from the launch when it ends (no sampling), a memory curve when sampling is on. */
class ResourceFiguresTest {

    @TempDir
    Path dir;

    private static final Pattern EXITED = Pattern.compile("process exited with code 0; wall [^,]+, cpu ([0-9.]+) ms, "
            + "allocated n/a, peak memory ([^\\n]+)");

    /** Busy for about 300 ms of CPU in a child of the step (so the figure covers processes it waited for). */
    private String runBusyStep(String sample) throws Exception {
        Workspace ws = new Workspace(dir);
        ws.file("scriptlets/shell/busy.sh", """
                #!/usr/bin/env bash
                set -Eeuo pipefail
                bash -c 'end=$((SECONDS + 1)); n=0; while [ "$n" -lt 300000 ] && [ "$SECONDS" -le "$end" ]; do n=$((n+1)); done'
                """).toFile().setExecutable(true);
        Path recipe = ws.recipe("busy.yaml", "test_meta: {test_id: busy, tester: qa, description: figures}\nsteps:\n"
                + "  - {idx: 1, name: busy, type: shell, cmd: scriptlets/shell/busy.sh}\n");
        EngineRun.in(ws).config("orchestrator.resources.sample", sample).execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(1));
        try (Stream<Path> logs = Files.list(ws.resolve("Logs"))) {
            Path log = logs.filter(f -> f.getFileName().toString().endsWith("_busy.log")).findFirst().orElseThrow();
            return Files.readString(log);
        }
    }

    @Test
    void aShellStepHasItsCpuTimeFromTheLaunchWithoutSampling() throws Exception {
        assumeTrue(Containment.detected().reportsTimes(), "no PID namespace here: figures come from sampling");
        String log = runBusyStep("off");
        Matcher exited = EXITED.matcher(log);
        assertThat(exited.find()).as(log).isTrue();
        assertThat(Double.parseDouble(exited.group(1))).as(log).isGreaterThan(0);
        assertThat(log).doesNotContain("memory curve");
    }

    @Test
    void samplingOnGivesThePeakMemoryAndAMemoryCurveInTheLog() throws Exception {
        String log = runBusyStep("on");
        Matcher exited = EXITED.matcher(log);
        assertThat(exited.find()).as(log).isTrue();
        assertThat(exited.group(2)).as(log).doesNotStartWith("n/a");
        // on a loaded machine the first 20 ms sample can come before the step's process has any memory: 0 B
        assertThat(log).containsPattern("memory curve \\(RSS of the step's processes every \\d+ ms\\): (0 B, )*[0-9.]+ (KiB|MiB)");
    }

    @Test
    void theTimesALaunchReportsAreTheUserAndSystemTimeOfItsChildren() throws Exception {
        Path times = Files.writeString(dir.resolve("times"), "0m0.010000s 0m0.020000s\n1m2.500000s 0m0.250000s\n");
        assertThat(ProcessTree.reportedTimes(times)).isEqualTo(Duration.ofMillis(62_750));
        assertThat(ProcessTree.reportedTimes(dir.resolve("missing"))).isEqualTo(Duration.ZERO);
    }
}
