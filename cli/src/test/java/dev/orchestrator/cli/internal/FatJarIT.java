package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar as users start it, {@code java -jar orchestrator-cli-<version>-all.jar}. Run by Failsafe in the
 * {@code integration-test} phase, after {@code package} has built the jar, so it always tests the jar of this
 * build; the pom passes its path as {@code -Dorchestrator.cli.jar}.
 */
class FatJarIT {

    @TempDir
    Path dir;

    @Test
    void exitCodesForPassFailAndBadRecipeFromTheFatJar() throws Exception {
        String property = System.getProperty("orchestrator.cli.jar");
        // Failsafe always passes the jar; only a Surefire run forced onto this class (-Dtest=…IT) lacks it
        assumeTrue(property != null && !property.isBlank(), "run by Failsafe (mvn verify), which passes the jar");
        Path jar = Path.of(property);
        assertThat(jar).as("the fat jar built by this build's package phase").isRegularFile();
        List<String> launcher = new ArrayList<>(CliProcess.java());
        launcher.addAll(List.of("-jar", jar.toString()));
        CliProcess cli = new CliProcess(CliProcess.exitCodeWorkspace(dir), launcher);

        cli.assertExitCodes();
        // the SQLite driver logs through SLF4J: without a provider in the jar every launch that read the database
        // read-only (a shard planning by recorded durations, the monitor) warned on stderr
        assertThat(cli.run("run", "--recipe", "recipes/seed_example.yaml", "--quiet", "--shard", "1/1").output())
                .doesNotContain("SLF4J");
        assertThat(cli.run("list", "scriptlets").output()).contains("set-ctx", "compute_metrics", "preprocess-csv");
    }
}
