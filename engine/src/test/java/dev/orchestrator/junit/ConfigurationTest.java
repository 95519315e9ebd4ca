package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Configuration keys: parsed once at discovery, bad values reported naming the key, documented in one table. */
class ConfigurationTest {

    @TempDir
    Path dir;

    private Workspace ws;
    private Path recipe;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: config}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Touch, params: {file: Data/ran.txt}}
                """);
    }

    private List<DiscoveryIssue> issues(String key, String value) {
        return EngineRun.in(ws).config(key, value).discover(selectFile(recipe.toFile())).getDiscoveryIssues();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "orchestrator.parallelism     | -5    | a whole number of at least 1",
            "orchestrator.parallelism     | lots  | a whole number of at least 1",
            "orchestrator.reports         | bogus | a comma-separated list of allure, database, excel, graph, none",
            "orchestrator.reports         | graph,excell | a comma-separated list of allure, database, excel, graph, none",
            "orchestrator.allure.clean    | yes   | true or false",
            "orchestrator.step-display-name | full | one of name, recipe-and-name",
            "orchestrator.origin          | jenkins | one of cli, console, ide, maven, other",
            "orchestrator.durability      | fsync | one of none, power-loss, process-crash",
            "orchestrator.upstream        | always | one of auto, checkpoint, run",
            "orchestrator.selection-mode  | hide  | one of prune, report",
    })
    void aBadValueIsADiscoveryErrorNamingTheKeyTheValueAndWhatIsAccepted(String key, String value, String accepted) {
        List<DiscoveryIssue> issues = issues(key, value);

        assertThat(issues).hasSize(1);
        assertThat(issues.get(0).severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
        assertThat(issues.get(0).message()).contains(key).contains("'" + (value.contains(",") ? "excell" : value) + "'")
                .contains("expected " + accepted);
    }

    @Test
    void goodValuesRaiseNoIssue() {
        assertThat(EngineRun.in(ws).config(Constants.PARALLELISM, "3").config(Constants.REPORTS, "Graph, none")
                .config(Constants.ALLURE_CLEAN, "TRUE").config(Constants.STEP_DISPLAY_NAME, "recipe-and-name")
                .discover(selectFile(recipe.toFile())).getDiscoveryIssues()).isEmpty();
    }

    @Test
    void aLaunchWithABadValueRunsNothing() {
        EngineExecutionResults results = EngineRun.in(ws).config(Constants.PARALLELISM, "0")
                .execute(selectFile(recipe.toFile()));

        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(results.containerEvents().failed().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable()
                        .map(Throwable::getMessage).orElse(""))
                .toList()).anyMatch(m -> m.contains(Constants.PARALLELISM));
        assertThat(ws.resolve("Data/ran.txt")).doesNotExist();
    }

    @Test
    void everyKeyInConstantsIsInTheConfigurationTableAndNoOther() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (Field field : Constants.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String value = (String) field.get(null);
                if (value.startsWith(Constants.ENGINE_ID + ".")) {
                    declared.add(value);
                }
            }
        }
        // the engine module's tests run in engine/; the table lives in the repository's docs/
        String table = Files.readString(Path.of("..", "docs", "configuration.md"));
        Matcher row = Pattern.compile("(?m)^\\| `(orchestrator\\.[^`]+)` \\|").matcher(table);
        List<String> documented = new java.util.ArrayList<>();
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(documented)).isEqualTo(declared);
        assertThat(declared).hasSizeGreaterThan(10);
    }
}
