package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Every broken recipe fixture, run through the engine: the recipe is a failed container whose message holds
 * file:line:column problems, and none of its steps runs.
 */
class InvalidRecipeEngineTest {

    @TempDir
    Path dir;

    static Stream<String> badRecipes() throws IOException, URISyntaxException {
        Path folder = Path.of(InvalidRecipeEngineTest.class.getResource("/dev/orchestrator/recipe/bad").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecipes")
    void anInvalidRecipeFailsWithItsProblemsAndRunsNoStep(String fixture) {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipeFromResource("dev/orchestrator/recipe/bad/" + fixture);
        EngineExecutionResults results = EngineRun.in(ws).execute(selectFile(recipe.toFile()));

        results.testEvents().assertStatistics(s -> s.started(0));
        Event failed = results.containerEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getUniqueId().getLastSegment().getType().equals("recipe"))
                .findFirst().orElseThrow(() -> new AssertionError("no failed recipe container for " + fixture));
        Throwable failure = failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure.getMessage())
                .startsWith("recipe recipes/" + fixture + " is invalid")
                .containsPattern("recipes/" + fixture.replace(".", "\\.") + ":\\d+:\\d+: ");
    }
}
