package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java scriptlets without a rebuild: {@code source:} steps and {@code --classpath}, through the command line. */
class JavaSourceCommandTest {

    private static final String SOURCE = "scriptlets/java/src/main/java/dev/orchestrator/scriptlets/CountRows.java";

    @TempDir
    Path dir;

    TestWorkspace ws;
    String workspace;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        workspace = ws.root.toString();
    }

    private static String recipe(String scriptlet) {
        return """
                test_meta: {test_id: count, tester: qa, description: a scriptlet never built}
                steps:
                  - idx: 1
                    name: count
                    type: java
                    %s
                    params: {input: Data/raw.csv}
                    success: {ctx_has_keys: [my_result]}
                """.formatted(scriptlet);
    }

    @Test
    void aScaffoldedJavaScriptletRunsFromItsSource() {
        Cli.Result created = Cli.run("new", "scriptlet", "-t", "java", "count rows", "--workspace", workspace);
        assertThat(created.code()).as(created.toString()).isZero();
        ws.write("recipes/count.yaml", recipe("source: " + SOURCE));

        Cli.Result run = Cli.run("run", "-r", "recipes/count.yaml", "--workspace", workspace,
                "-c", "orchestrator.reports=none", "--json");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"passed\" : 1");
        assertThat(ws.root.resolve("Data/cache/java")).isDirectory();
    }

    @Test
    void aSourceThatDoesNotCompileIsRefusedBeforeAnythingRuns() {
        Cli.run("new", "scriptlet", "-t", "java", "CountRows", "--workspace", workspace);
        Path source = ws.root.resolve(SOURCE);
        ws.write(SOURCE, ws.read(SOURCE).replace("lines.size()));", "lines.size());"));
        ws.write("recipes/count.yaml", recipe("source: " + SOURCE));

        Cli.Result validate = Cli.run("validate", "--workspace", workspace, "recipes/count.yaml");

        assertThat(Files.exists(source)).isTrue();
        assertThat(validate.code()).isEqualTo(2);
        assertThat(validate.err()).contains("recipes/count.yaml:6:13: java source " + SOURCE + " does not compile: "
                + SOURCE + ":");
    }

    @Test
    void classesCompiledOutsideTheJarAreFoundWithClassPath() throws Exception {
        Cli.run("new", "scriptlet", "-t", "java", "CountRows", "--workspace", workspace);
        Path classes = ws.root.resolve("build/classes");
        Files.createDirectories(classes);
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), ws.root.resolve(SOURCE).toString());
        assertThat(javac).isZero();
        Files.delete(ws.root.resolve(SOURCE));
        ws.write("recipes/count.yaml", recipe("class: dev.orchestrator.scriptlets.CountRows"));

        Cli.Result without = Cli.run("validate", "--workspace", workspace, "recipes/count.yaml");
        assertThat(without.code()).isEqualTo(2);
        assertThat(without.err()).contains("java class 'dev.orchestrator.scriptlets.CountRows' not found on the class path");

        for (List<String> args : List.of(List.of("--classpath", "build/classes"),
                List.of("-c", "orchestrator.classpath=build/classes"))) {
            List<String> line = new java.util.ArrayList<>(List.of("run", "-r", "recipes/count.yaml", "--workspace",
                    workspace, "-c", "orchestrator.reports=none"));
            line.addAll(args);
            Cli.Result run = Cli.run(line.toArray(String[]::new));
            assertThat(run.code()).as("%s: %s", args, run).isZero();
        }
    }
}
