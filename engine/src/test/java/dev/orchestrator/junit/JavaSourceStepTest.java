package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code type: java} step may name its {@code source:}: compiled at discovery, cached by content, run like a class. */
class JavaSourceStepTest {

    private static final String SOURCE = "scriptlets/java/src/main/java/dev/example/Greet.java";
    private static final String GREET = """
            package dev.example;

            import dev.orchestrator.context.Context;
            import dev.orchestrator.scriptlet.BaseScriptlet;
            import dev.orchestrator.scriptlet.Param;
            import dev.orchestrator.scriptlet.ParamType;
            import dev.orchestrator.scriptlet.Params;
            import dev.orchestrator.scriptlet.ScriptletDoc;
            import java.util.Map;

            @ScriptletDoc(name = "greet", description = "Greets.", usage = "-",
                    params = @Param(name = "who", type = ParamType.STRING, required = true, help = "whom"))
            public final class Greet extends BaseScriptlet {
                @Override
                public Object run(Context ctx, Params params) {
                    ctx.set("greeting", com.fasterxml.jackson.databind.node.TextNode.valueOf("hello " + params.string("who")));
                    return Map.of("pid", ProcessHandle.current().pid());
                }
            }
            """;

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        ws.file(SOURCE, GREET);
    }

    private Path recipe(String extra) {
        return ws.recipe("greet.yaml", """
                test_meta: {test_id: greet, tester: qa, description: java from source}
                steps:
                  - idx: 1
                    name: greet
                    type: java
                    source: %s
                    params: {who: world}
                %s""".formatted(SOURCE, extra));
    }

    @Test
    void aSourceStepIsCompiledOnceAndRunsInProcessAndInAChildJvm() throws Exception {
        Path recipe = recipe("""
                  - idx: 2
                    name: again
                    type: java
                    source: %s
                    requires_process: true
                    params: {who: child}
                """.formatted(SOURCE));

        EngineRun.in(ws).config(Constants.REPORTS, "none").execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        Checkpoint first = CheckpointStores.forWorkspace(ws.root()).load("greet", "greet").orElseThrow();
        assertThat(first.values().get("greeting").asText()).isEqualTo("hello world");
        Checkpoint second = CheckpointStores.forWorkspace(ws.root()).load("greet", "again").orElseThrow();
        assertThat(second.values().get("greeting").asText()).isEqualTo("hello child");
        assertThat(second.history().get(second.history().size() - 1).what()).isEqualTo("dev.example.Greet");
        try (Stream<Path> cached = Files.list(ws.resolve("Data/cache/java"))) {
            List<Path> folders = cached.toList();
            assertThat(folders).hasSize(1);
            assertThat(folders.get(0).resolve("dev/example/Greet.class")).isRegularFile();
        }
    }

    @Test
    void aCompileErrorIsAValidationErrorWithTheSourcesLine() {
        ws.file(SOURCE, GREET.replace("return Map.of(", "return Mapp.of("));

        List<String> problems = problems(recipe(""));

        assertThat(problems).singleElement().asString()
                .startsWith("recipes/greet.yaml:6:13: java source " + SOURCE + " does not compile: "
                        + SOURCE + ":17:")
                .contains("cannot find symbol");
    }

    @Test
    void theSourcesDeclaredParamsAreCheckedAtDiscovery() {
        Path recipe = ws.recipe("greet.yaml", """
                test_meta: {test_id: greet, tester: qa, description: java from source}
                steps:
                  - {idx: 1, name: greet, type: java, source: %s, params: {whom: x}}
                """.formatted(SOURCE));

        assertThat(problems(recipe)).containsExactly(
                "recipes/greet.yaml:3:101: missing required parameter 'who' (string) in params of step 'greet': "
                        + "dev.example.Greet requires it",
                "recipes/greet.yaml:3:110: unknown parameter 'whom' in params of step 'greet': dev.example.Greet"
                        + " does not declare it; did you mean 'who'?");
    }

    private List<String> problems(Path recipe) {
        LoadResult result = new RecipeLoader(ws.root(), getClass().getClassLoader())
                .load(RecipeSource.ofFile(recipe, ws.root()));
        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid) result).problems().stream().map(Object::toString).toList();
    }
}
