package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./orchestrator} launcher's class-data-sharing archive (docs/scale-out.md): a launch with
 * {@code ORCHESTRATOR_CDS=train} writes it next to the jar, later launches load their classes from it, and a jar
 * rebuilt after it runs without it; the output never changes. Run by Failsafe against this build's fat jar,
 * copied with the launcher into a repository layout of its own.
 */
class LauncherArchiveIT {

    @TempDir
    Path dir;

    @Test
    void aTrainingLaunchWritesTheArchiveLaterLaunchesUseItAndANewerJarRunsWithout() throws Exception {
        String property = System.getProperty("orchestrator.cli.jar");
        assumeTrue(property != null && !property.isBlank(), "run by Failsafe (mvn verify), which passes the jar");
        Path repo = dir.resolve("repo");
        Path jar = repo.resolve("cli/target/orchestrator-cli-1-all.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(Path.of(property), jar);
        Path launcher = Files.copy(TestWorkspace.REPO.resolve("orchestrator"), repo.resolve("orchestrator"));
        Path archive = repo.resolve("cli/target/orchestrator-cli-1-all.jsa");
        TestWorkspace ws = CliProcess.exitCodeWorkspace(dir.resolve("ws"));

        CliProcess.Run training = launch(ws, launcher, "train", "").run("run", "--recipe", "recipes/seed_example.yaml");
        assertThat(training.code()).as(training.output()).isZero();
        assertThat(training.output()).contains("2 passed, 0 failed").doesNotContain("[warning]");
        assertThat(archive).isRegularFile();

        String plain = launch(ws, launcher, "off", "").run("list").output();
        assertThat(launch(ws, launcher, "", "").run("list").output()).isEqualTo(plain);
        assertThat(launch(ws, launcher, "", "-Xlog:class+load").run("list").output())
                .contains("dev.orchestrator.cli.internal.Main source: shared objects file (top)");
        launch(ws, launcher, "", "").assertExitCodes();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(launch(ws, launcher, "", "").run("list").output()).isEqualTo(plain);
        assertThat(launch(ws, launcher, "", "-Xlog:class+load").run("list").output())
                .doesNotContain("shared objects file (top)").doesNotContain("[warning]");
    }

    private static CliProcess launch(TestWorkspace ws, Path launcher, String cds, String javaOpts) {
        return new CliProcess(ws, List.of("env", "ORCHESTRATOR_CDS=" + cds, "JAVA_OPTS=" + javaOpts, "bash",
                launcher.toString()));
    }
}
