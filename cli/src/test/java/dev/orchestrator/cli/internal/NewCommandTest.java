package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.orchestrator.recipe.internal.LoadResult;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@code orchestrator new}: files land in the workspace folders of docs/architecture.md, carry the documentation block, refuse to overwrite,
 * and pass their own tests unchanged (python3 -m unittest, bats, javac + JUnit, RecipeLoader + run).
 */
class NewCommandTest {

    @TempDir
    Path dir;

    TestWorkspace ws;
    String workspace;

    @BeforeEach
    void workspace() {
        ws = TestWorkspace.in(dir);
        workspace = ws.root.toString();
    }

    private Cli.Result create(String... args) {
        List<String> all = new ArrayList<>(List.of("new"));
        all.addAll(List.of(args));
        all.addAll(List.of("--workspace", workspace));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void pythonScriptletAndItsUnittestPass() throws Exception {
        Cli.Result result = create("scriptlet", "--type", "python", "Count Rows");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("created scriptlets/python/steps/count_rows.py",
                "created scriptlets/python/tests/test_count_rows.py");
        String step = ws.read("scriptlets/python/steps/count_rows.py");
        assertThat(step).startsWith("\"\"\"\nName:\n    count_rows (class StepCountRows)")
                .contains("Description:", "Usage:", "Arguments:", "Examples (CLI):", "Limitations/Requirements:")
                .contains("module: scriptlets.python.steps.count_rows", "class StepCountRows(BaseScriptlet)")
                .doesNotContain("How to use this template").doesNotContain("my_step");

        Ran unittest = process(List.of("python3", "-m", "unittest", "scriptlets.python.tests.test_count_rows", "-v"));
        assertThat(unittest.exitValue()).as(output(unittest)).isZero();
        assertThat(output(unittest)).contains("Ran 2 tests").contains("OK");

        Ran help = process(List.of("python3", "scriptlets/python/steps/count_rows.py", "--help"));
        assertThat(output(help)).contains("count_rows (class StepCountRows)");
        assertThat(Cli.run("doc", "count_rows", "-w", workspace).out()).contains("count_rows (class StepCountRows)");
    }

    @Test
    void shellScriptletAndItsBatsTestPass() throws Exception {
        assumeTrue(onPath("bats"), "bats is not installed (apt-get install bats)");
        Cli.Result result = create("scriptlet", "-t", "shell", "count_rows");
        assertThat(result.code()).as(result.toString()).isZero();
        Path script = ws.root.resolve("scriptlets/shell/count-rows.sh");
        assertThat(script).isExecutable();
        assertThat(ws.read("scriptlets/shell/count-rows.sh")).startsWith("#!/usr/bin/env bash\n# Name:\n#     count-rows.sh")
                .doesNotContain("How to use this template").doesNotContain("my-step");
        Ran bats = process(List.of("bats", "scriptlets/shell/tests/count-rows.bats"));
        assertThat(bats.exitValue()).as(output(bats)).isZero();
        assertThat(output(bats)).contains("ok 1 count-rows.sh counts lines and writes ctx").contains("ok 2");
        assertThat(Cli.run("list", "scriptlets", "-w", workspace).out()).containsPattern("shell +count-rows +One or two sentences");
    }

    @Test
    void javaScriptletCompilesAndItsJUnitTestPasses() throws Exception {
        Cli.Result result = create("scriptlet", "--type", "java", "count-rows");
        assertThat(result.code()).as(result.toString()).isZero();
        Path main = ws.root.resolve("scriptlets/java/src/main/java/dev/orchestrator/scriptlets/CountRows.java");
        Path test = ws.root.resolve("scriptlets/java/src/test/java/dev/orchestrator/scriptlets/CountRowsTest.java");
        assertThat(Files.readString(main)).contains("@ScriptletDoc(", "name = \"count-rows\"", "public final class CountRows extends BaseScriptlet")
                .doesNotContain("How to use this template").doesNotContain("MyStep");

        // before it is built, list and doc read its @ScriptletDoc from the source
        assertThat(Cli.run("list", "scriptlets", "-w", workspace).out())
                .containsPattern("java +count-rows +Count the lines of a file .+ +dev.orchestrator.scriptlets.CountRows");
        assertThat(Cli.run("doc", "count-rows", "-w", workspace).out())
                .contains("source only", "@ScriptletDoc(", "name = \"count-rows\"", "limitations = ")
                .doesNotContain("public final class");

        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-Xlint:all", "-Werror", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), main.toString(), test.toString());
        assertThat(compiled).isZero();

        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(loader.loadClass("dev.orchestrator.scriptlets.CountRowsTest")))
                    .filters(EngineFilter.includeEngines("junit-jupiter"))
                    .build(), listener);
            TestExecutionSummary summary = listener.getSummary();
            assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(3);
            assertThat(summary.getTotalFailureCount()).isZero();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void recipeIsValidAndRuns() {
        Cli.Result result = create("recipe", "nightly-smoke");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("created recipes/nightly_smoke.yaml");
        assertThat(ws.read("recipes/nightly_smoke.yaml")).contains("test_id: nightly_smoke").startsWith("# Purpose:");
        LoadResult loaded = new RecipeFinder(ws.root).load(ws.root.resolve("recipes/nightly_smoke.yaml"));
        assertThat(loaded).isInstanceOf(LoadResult.Valid.class);
        assertThat(Cli.run("validate", "-w", workspace).out()).contains("1 recipe valid");
        Cli.Result run = Cli.run("run", "-w", workspace, "-r", "recipes/nightly_smoke.yaml");
        assertThat(run.code()).as(run.toString()).isZero();
    }

    @Test
    void refusesToOverwriteAndRefusesBadNames() throws IOException {
        assertThat(create("recipe", "nightly").code()).isZero();
        Cli.Result again = create("recipe", "nightly");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("refusing to overwrite recipes/nightly.yaml");

        ws.write("scriptlets/python/tests/test_count_rows.py", "# mine\n");
        Cli.Result partly = create("scriptlet", "--type", "python", "count_rows");
        assertThat(partly.code()).isEqualTo(2);
        assertThat(ws.root.resolve("scriptlets/python/steps/count_rows.py")).doesNotExist(); // all or nothing
        assertThat(ws.read("scriptlets/python/tests/test_count_rows.py")).isEqualTo("# mine\n");

        assertThat(create("scriptlet", "--type", "python", "9lives").code()).isEqualTo(2);
        assertThat(create("scriptlet", "--type", "python", "../evil").code()).isEqualTo(2);
        assertThat(create("scriptlet", "--type", "ruby", "x").code()).isEqualTo(2);
        assertThat(create("scriptlet", "x").code()).isEqualTo(2); // --type is required
    }

    @Test
    void theBundledTemplatesAreUsedWhenTheWorkspaceHasNone() throws IOException {
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        Cli.Result result = Cli.run("new", "recipe", "from_jar", "-w", bare.toString());
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(Files.readString(bare.resolve("recipes/from_jar.yaml"))).contains("test_id: from_jar");
    }

    /** What a finished process gave: exit code and stdout+stderr. */
    record Ran(int exitValue, String output) {
    }

    private Ran process(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(ws.root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), output);
    }

    private static String output(Ran ran) {
        return ran.output();
    }

    private static boolean onPath(String tool) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder text = new StringBuilder();
        summary.getFailures().forEach(f -> text.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        return text.toString();
    }
}
