package dev.orchestrator.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a real process from the test class path: {@code java -cp <test class path> dev.orchestrator.cli.internal.Main}.
 * The same checks against the fat jar just built run in the {@code integration-test} phase ({@link FatJarIT}).
 */
class ProcessTest {

    @TempDir
    Path dir;

    @Test
    void exitCodesForPassFailAndBadRecipeFromTheClassPath() throws Exception {
        List<String> launcher = new ArrayList<>(CliProcess.java());
        launcher.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        new CliProcess(CliProcess.exitCodeWorkspace(dir), launcher).assertExitCodes();
    }
}
