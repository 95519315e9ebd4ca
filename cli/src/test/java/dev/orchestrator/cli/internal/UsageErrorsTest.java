package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage errors (bad flags, bad configuration values, outputs that cannot be written) exit 2 with a message, no trace. */
class UsageErrorsTest {

    @TempDir
    Path dir;

    TestWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        ws.write("recipes/good.yaml", TestWorkspace.javaRecipe("good", "eu"));
    }

    private static void assertUsageError(Cli.Result result, String... messageParts) {
        assertThat(result.code()).as(result.toString()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).as(result.toString()).contains(messageParts).doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orchestrator.parallelism=-5", "orchestrator.parallelism=many", "orchestrator.reports=bogus",
            "orchestrator.allure.clean=maybe", "orchestrator.step-display-name=long"})
    void aBadConfigurationValueExitsTwoNamingTheKeyAndNothingRuns(String setting) {
        Cli.Result result = Cli.run("run", "--workspace", ws.root.toString(), "-r", "recipes/good.yaml", "-c", setting);

        assertUsageError(result, "error: ", setting.substring(0, setting.indexOf('=')), "expected");
        assertThat(result.out()).doesNotContain("[ RUN");
        assertThat(ws.root.resolve("Data/ctx")).doesNotExist();
    }

    @Test
    void aParallelismBelowOneExitsTwo() {
        assertUsageError(Cli.run("run", "--workspace", ws.root.toString(), "-r", "recipes/good.yaml",
                "--parallelism", "0"), "--parallelism");
    }

    @Test
    void aGraphThatCannotBeWrittenExitsTwoNamingTheFile() {
        Cli.Result result = Cli.run("graph", "--workspace", ws.root.toString(), "-r", "recipes/good.yaml",
                "-o", "/proc/x.png");

        assertUsageError(result, "error: cannot write /proc/x");
    }

    @Test
    void aGraphIntoAFileWhereAFolderShouldBeExitsTwo() {
        ws.write("Assets/blocker", "a file, not a folder");
        Cli.Result result = Cli.run("graph", "--workspace", ws.root.toString(), "-r", "recipes/good.yaml",
                "-o", "Assets/blocker/g.png");

        assertUsageError(result, "error: cannot write", "blocker");
    }

    @Test
    void aMalformedOptionValueExitsTwo() {
        assertUsageError(Cli.run("run", "--workspace", ws.root.toString(), "-r", "recipes/good.yaml",
                "--parallelism", "three"), "--parallelism");
        assertUsageError(Cli.run("run", "--workspace", ws.root.toString(), "-r", "recipes/good.yaml",
                "-c", "no-equals-sign"), "no-equals-sign");
    }

    @Test
    void aScaffoldThatCannotBeWrittenExitsTwo() throws Exception {
        Path bare = java.nio.file.Files.createDirectories(dir.resolve("bare"));
        java.nio.file.Files.writeString(bare.resolve("scriptlets"), "a file where a folder should be");

        assertUsageError(Cli.run("new", "scriptlet", "--workspace", bare.toString(), "-t", "python", "count_rows"),
                "error: ", "scriptlets/python: Not a directory");
    }
}
