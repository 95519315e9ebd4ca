package dev.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a real process: {@code java -cp <test class path> dev.orchestrator.cli.Main} (always), and
 * {@code java -jar cli/target/orchestrator-cli-*-all.jar} when the fat jar has been built (mvn package).
 */
class ProcessTest {

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.copy("recipes/seed_example.yaml");
        ws.write("recipes/bad_value.yaml", TestWorkspace.javaRecipe("bad_value", "us"));
        ws.write("recipes/broken.yaml", "test_meta: {test_id: broken, tester: t, description: d}\nstepz: []\n");
    }

    record Run(int code, String output) {
    }

    private Run run(List<String> launcher, String... args) throws Exception {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        // the workspace is the current directory, as when a user runs ./orchestrator from the repository root
        Process process = new ProcessBuilder(command).directory(ws.root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static List<String> classPathLauncher() {
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return command;
    }

    @Test
    void exitCodesForPassFailAndBadRecipeFromTheClassPath() throws Exception {
        assertExitCodes(classPathLauncher());
    }

    @Test
    void exitCodesForPassFailAndBadRecipeFromTheFatJar() throws Exception {
        Optional<Path> jar = fatJar();
        org.junit.jupiter.api.Assumptions.assumeTrue(jar.isPresent(), "the fat jar is built by mvn package, after the tests");
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("-jar", jar.get().toString()));
        assertExitCodes(command);
        assertThat(run(command, "list", "scriptlets").output()).contains("set-ctx", "compute_metrics", "preprocess-csv");
    }

    private void assertExitCodes(List<String> launcher) throws Exception {
        Run pass = run(launcher, "run", "--recipe", "recipes/seed_example.yaml");
        assertThat(pass.code()).as(pass.output()).isZero();
        assertThat(pass.output()).contains("2 passed, 0 failed");

        Run fail = run(launcher, "run", "--recipe", "recipes/bad_value.yaml");
        assertThat(fail.code()).as(fail.output()).isEqualTo(1);
        assertThat(fail.output()).contains("[ FAILED ] bad_value › check");

        Run bad = run(launcher, "run", "--recipe", "recipes/broken.yaml");
        assertThat(bad.code()).as(bad.output()).isEqualTo(2);
        assertThat(bad.output()).containsPattern("recipes/broken.yaml:2:1: .*stepz");

        Run usage = run(launcher, "run", "--recipe", "recipes/seed_example.yaml", "--nope");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.output()).contains("Unknown option: '--nope'");

        Run help = run(launcher, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.output()).contains("run", "validate", "list", "doc", "graph", "new", "history");
    }

    private static Optional<Path> fatJar() throws IOException {
        Path target = TestWorkspace.REPO.resolve("cli/target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "orchestrator-cli-*-all.jar")) {
            for (Path jar : jars) {
                return Optional.of(jar);
            }
        }
        return Optional.empty();
    }
}
