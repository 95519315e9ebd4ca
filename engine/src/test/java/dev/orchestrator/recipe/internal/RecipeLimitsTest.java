package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.SampleScriptlet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What validates is what run can start: names and ids fit in file names, env names are variable names,
 * durations and retries are bounded, java classes are scriptlets; and the text is bounded before parsing.
 */
class RecipeLimitsTest {

    private static final String RECIPE = """
            test_meta: {test_id: %s, tester: qa, description: limits}
            steps:
              - {idx: 1, name: %s, type: java, class: %s%s}
            """;

    @TempDir
    Path dir;

    private TestWorkspace workspace;

    @BeforeEach
    void setUp() {
        workspace = new TestWorkspace(dir);
    }

    private LoadResult step(String testId, String name, String className, String more) {
        return workspace.loadText("limits.yaml", RECIPE.formatted(testId, name, className, more));
    }

    private LoadResult step(String more) {
        return step("limits", "only", SampleScriptlet.class.getName(), more);
    }

    private static String problems(LoadResult result) {
        assertThat(result).as("%s", result).isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid) result).problems().toString();
    }

    @Test
    void theBaseRecipeIsValid() {
        assertThat(step("")).isInstanceOf(LoadResult.Valid.class);
    }

    @Test
    void refusesAStepNameTooLongForAFileName() {
        assertThat(problems(step("limits", "a".repeat(5000), SampleScriptlet.class.getName(), "")))
                .contains("limits.yaml:3:20: expected at most 64 characters for 'name' (it is part of file names), found 5000");
    }

    @Test
    void acceptsAStepNameOfSixtyFourCharacters() {
        assertThat(step("limits", "a".repeat(64), SampleScriptlet.class.getName(), "")).isInstanceOf(LoadResult.Valid.class);
    }

    @ParameterizedTest
    @CsvSource({"'..', starting with a letter", "'.', starting with a letter", "-rf, starting with a letter",
        "'.hidden', starting with a letter"})
    void refusesATestIdThatIsNotAPlainFileName(String testId, String message) {
        assertThat(problems(step(testId, "only", SampleScriptlet.class.getName(), ""))).contains(message);
    }

    @Test
    void refusesATestIdTooLongForAFileName() {
        LoadResult result = step("x".repeat(300), "only", SampleScriptlet.class.getName(), "");

        assertThat(problems(result)).contains("expected at most 64 characters for 'test_id'");
        assertThat(((LoadResult.Invalid) result).testId()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            'A=B': 1      | expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) as a key of 'env', found 'A=B'
            '1ST': x      | found '1ST'
            'A B': x      | found 'A B'
            '': x         | found ''
            """)
    void refusesAnEnvironmentNameNoProcessCanHave(String entry, String message) {
        assertThat(problems(step(", env: {" + entry + "}"))).contains(message);
    }

    @Test
    void refusesAnEnvOrArgsValueTooLongForAProcess() {
        String lines = ("          " + "é".repeat(1000) + "\n").repeat(17);
        LoadResult result = workspace.loadText("big.yaml", """
                test_meta: {test_id: big, tester: qa, description: limits}
                steps:
                  - idx: 1
                    name: only
                    type: shell
                    cmd: scriptlets/shell/step.sh
                    env:
                      BIG: |
                %s    args:
                      big:
                        - small
                        - |
                %s""".formatted(lines, lines));

        assertThat(problems(result))
                .contains("big.yaml:8:12: expected at most 32768 bytes for the value of env 'BIG' (it is passed to the"
                        + " step's process), found 34017")
                .contains("big.yaml:29:11: expected at most 32768 bytes for the value of args 'big'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            timeout: 9223372036854775807s | expected a duration from 1ms to 7 days (168h) for 'timeout'
            timeout: 9223372036854775807  | expected a duration from 1ms to 7 days (168h) for 'timeout'
            timeout: 99999999999999999999h | expected a duration from 1ms to 7 days
            timeout: 0                    | expected a duration from 1ms to 7 days
            timeout: 169h                 | expected a duration from 1ms to 7 days
            retry_delay: 10081m           | expected a duration from 0 to 7 days (168h) for 'retry_delay'
            retries: 2147483647           | expected an integer from 0 to 100 for 'retries', found 2147483647
            """)
    void refusesADurationOrCountTheRunnerCannotWaitFor(String entry, String message) {
        assertThat(problems(step(", " + entry))).contains(message);
    }

    @Test
    void acceptsTheLongestDurations() {
        assertThat(step(", timeout: 168h, retry_delay: 604800, retries: 100")).isInstanceOf(LoadResult.Valid.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            java.lang.String                                | is a class but not a BaseScriptlet subclass
            dev.orchestrator.scriptlet.BaseScriptlet        | is abstract
            dev.orchestrator.recipe.internal.RecipeLimitsTest$Hidden | is not a public top-level or static nested class
            dev.orchestrator.recipe.internal.RecipeLimitsTest$NoDefaultConstructor | has no public no-argument constructor
            """)
    void refusesAJavaClassTheRunnerCannotCreate(String className, String message) {
        assertThat(problems(step("limits", "only", className, ""))).contains("java class '" + className + "' " + message);
    }

    @Test
    void refusesAPythonFunctionItsModuleDoesNotHave() {
        LoadResult result = workspace.loadText("py.yaml", """
                test_meta: {test_id: py, tester: qa, description: limits}
                steps:
                  - {idx: 1, name: one, type: python, module: scriptlets.python.steps.compute_metrics, function: StepComputeMetric}
                  - {idx: 2, name: two, type: python, module: scriptlets.python.steps.pkg_step, function: run}
                """);

        assertThat(((LoadResult.Invalid) result).problems()).singleElement().hasToString("recipes/py.yaml:3:98:"
                + " python module 'scriptlets.python.steps.compute_metrics' has no 'StepComputeMetric': expected a class"
                + " or function of that name in scriptlets/python/steps/compute_metrics.py");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tags: [nightly run] | expected a tag without spaces
            tags: ['a,b']       | found 'a,b'
            tags: ['!x']        | found '!x'
            """)
    void refusesATagJUnitWouldDrop(String entry, String message) {
        assertThat(problems(step(", " + entry))).contains(message);
    }

    @Test
    void refusesANulOrALoneSurrogateInAnyValue() {
        assertThat(problems(step(", params: {a: \"x\\0y\"}"))).contains("3:98: this value contains a NUL character");
        assertThat(problems(step(", args: {\"k\\0\": 1}"))).contains("this key contains a NUL character");
        assertThat(problems(step(", params: {a: \"\\ud800\"}"))).contains("contains a lone surrogate (\\ud800)");
    }

    @Test
    void refusesARecipeOverTheSizeLimitWithoutParsingIt() throws IOException {
        // a trailing comment: the kind of bulk that used to be parsed for minutes and then called valid
        String text = RECIPE.formatted("limits", "only", SampleScriptlet.class.getName(), "")
                + "#" + "x".repeat(RecipeText.MAX_BYTES) + "\n";

        assertThat(problems(workspace.loadText("big.yaml", text)))
                .contains("big.yaml:4:" + (RecipeText.MAX_BYTES - text.indexOf('#') + 1) + ": the recipe is too large");
    }

    @Test
    void refusesALineOverTheLengthLimit() {
        String text = RECIPE.formatted("limits", "only", SampleScriptlet.class.getName(),
                ", description: " + "d".repeat(RecipeText.MAX_LINE_LENGTH));

        assertThat(problems(workspace.loadText("long.yaml", text)))
                .contains("long.yaml:3:" + (RecipeText.MAX_LINE_LENGTH + 1) + ": line 3 is too long");
    }

    @Test
    void pointsAtTheFirstByteThatIsNotUtf8() throws IOException {
        byte[] text = "test_meta:\n  tester: caf\u00e9 x\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(problems(write("latin1.yaml", text)))
                .contains("latin1.yaml:2:14: the recipe is not valid UTF-8 text: byte 0xE9");
    }

    @Test
    void refusesUtf16Text() throws IOException {
        byte[] text = ("\uFEFF" + RECIPE.formatted("limits", "only", SampleScriptlet.class.getName(), ""))
                .getBytes(StandardCharsets.UTF_16);

        assertThat(problems(write("utf16.yaml", text))).contains("utf16.yaml:1:1: the recipe is UTF-16 or UTF-32 text");
    }

    @Test
    void acceptsCrlfLineEndsAndAUtf8ByteOrderMark() throws IOException {
        String text = "\uFEFF" + RECIPE.formatted("limits", "only", SampleScriptlet.class.getName(), "")
                .replace("\n", "\r\n");

        assertThat(write("windows.yaml", text.getBytes(StandardCharsets.UTF_8))).isInstanceOf(LoadResult.Valid.class);
    }

    @Test
    void reportsProblemsOfACrlfRecipeAtTheirLineAndColumn() throws IOException {
        String text = RECIPE.formatted("limits", "only", SampleScriptlet.class.getName(), ", retries: x")
                .replace("\n", "\r\n");

        assertThat(problems(write("windows.yaml", text.getBytes(StandardCharsets.UTF_8))))
                .contains("windows.yaml:3:95: expected an integer for 'retries'");
    }

    private LoadResult write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve("recipes").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return workspace.load(file);
    }

    /** Not public: the runner could not create it. */
    static final class Hidden extends dev.orchestrator.scriptlet.BaseScriptlet {
        @Override
        public Object run(dev.orchestrator.context.Context ctx, dev.orchestrator.scriptlet.Params params) {
            return null;
        }
    }

    /** Public, but needs an argument. */
    public static final class NoDefaultConstructor extends dev.orchestrator.scriptlet.BaseScriptlet {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public Object run(dev.orchestrator.context.Context ctx, dev.orchestrator.scriptlet.Params params) {
            return null;
        }
    }
}
