package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI as a real process in a {@link TestWorkspace}: started with a launcher ({@code java -cp …} or
 * {@code java -jar …}), the workspace as its current directory, stdout and stderr merged.
 */
final class CliProcess {

    record Run(int code, String output) {
    }

    private final TestWorkspace ws;
    private final List<String> launcher;

    CliProcess(TestWorkspace ws, List<String> launcher) {
        this.ws = ws;
        this.launcher = List.copyOf(launcher);
    }

    /** The workspace every exit-code check needs: a passing, a failing and an invalid recipe. */
    static TestWorkspace exitCodeWorkspace(Path dir) {
        TestWorkspace ws = TestWorkspace.in(dir);
        ws.copy("recipes/seed_example.yaml");
        ws.write("recipes/bad_value.yaml", TestWorkspace.javaRecipe("bad_value", "us"));
        ws.write("recipes/broken.yaml", "test_meta: {test_id: broken, tester: t, description: d}\nstepz: []\n");
        return ws;
    }

    static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        // the workspace is the current directory, as when a user runs ./orchestrator from the repository root
        Process process = new ProcessBuilder(command).directory(ws.root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** Exit codes 0 (passed), 1 (failed), 2 (invalid recipe, usage error) and the help text. */
    void assertExitCodes() throws Exception {
        Run pass = run("run", "--recipe", "recipes/seed_example.yaml");
        assertThat(pass.code()).as(pass.output()).isZero();
        assertThat(pass.output()).contains("2 passed, 0 failed");

        Run fail = run("run", "--recipe", "recipes/bad_value.yaml");
        assertThat(fail.code()).as(fail.output()).isEqualTo(1);
        assertThat(fail.output()).contains("[ FAILED ] bad_value › check");

        Run bad = run("run", "--recipe", "recipes/broken.yaml");
        assertThat(bad.code()).as(bad.output()).isEqualTo(2);
        assertThat(bad.output()).containsPattern("recipes/broken.yaml:2:1: .*stepz");

        Run usage = run("run", "--recipe", "recipes/seed_example.yaml", "--nope");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.output()).contains("Unknown option: '--nope'");

        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.output()).contains("run", "validate", "list", "doc", "graph", "new", "history");
    }
}
