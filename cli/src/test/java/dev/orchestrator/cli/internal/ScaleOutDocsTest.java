package dev.orchestrator.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.junit.Constants;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * docs/scale-out.md and the CI configurations of docs/ci/: the manifest shown is what the command prints, the
 * configurations are valid YAML of the documented shape, and every orchestrator command line and configuration
 * key they use exists.
 */
class ScaleOutDocsTest {

    private static final Path DOC = TestWorkspace.REPO.resolve("docs/scale-out.md");
    private static final Path GITHUB = TestWorkspace.REPO.resolve("docs/ci/github-actions.yml");
    private static final Path GITLAB = TestWorkspace.REPO.resolve("docs/ci/gitlab-ci.yml");
    private static final Pattern COMMAND = Pattern.compile("\\./orchestrator ([a-z]+)([^\\n`]*)");
    private static final Pattern KEY = Pattern.compile("(?:^|[\\s\"'(]|-D)(orchestrator\\.[a-z][a-z0-9.-]*[a-z0-9])=",
            Pattern.MULTILINE);

    @Test
    void theManifestInTheDocIsWhatTheDocumentedCommandPrints() throws Exception {
        String doc = Files.readString(DOC);
        Matcher command = Pattern.compile("\\n\\./orchestrator (export kubernetes [^>\\n]*?)\\s*>").matcher(doc);
        assertThat(command.find()).as("an export command line in " + DOC).isTrue();
        int block = doc.indexOf("```yaml\n", command.end());
        String shown = doc.substring(block + "```yaml\n".length(), doc.indexOf("```", block + 7));

        Cli.Result printed = Cli.run(command.group(1).split(" +"));

        assertThat(printed.code()).as(printed.toString()).isZero();
        assertThat(shown).isEqualTo(printed.out());
    }

    @Test
    void theGithubWorkflowIsAMatrixOfShardsAndAReportJob() throws Exception {
        Map<String, Object> workflow = yaml(GITHUB);
        Map<String, Object> jobs = map(workflow.get("jobs"));
        Map<String, Object> shard = map(jobs.get("shard"));
        assertThat(map(map(shard.get("strategy")).get("matrix")).get("shard")).isEqualTo(List.of(1, 2, 3, 4));
        assertThat(map(shard.get("strategy")).get("fail-fast")).isEqualTo(false);
        Map<String, Object> report = map(jobs.get("report"));
        assertThat(report.get("needs")).isEqualTo("shard");
        assertThat(report.get("if")).isEqualTo("always()");
        assertThat(strings(workflow)).anyMatch(s -> s.contains("orchestrator.shard=${{ matrix.shard }}/4"))
                .anyMatch(s -> s.contains("./orchestrator report --run"))
                // a shard killed by the job's timeout has its last commits in SQLite's write-ahead log
                .anyMatch(s -> s.contains("Data/orchestrator.db-wal"));
    }

    @Test
    void theGitlabPipelineRunsParallelShardsAndAReportJob() throws Exception {
        Map<String, Object> pipeline = yaml(GITLAB);
        Map<String, Object> recipes = map(pipeline.get("recipes"));
        assertThat(recipes.get("parallel")).isEqualTo(4);
        assertThat(map(pipeline.get("report")).get("needs")).isEqualTo(List.of("recipes"));
        assertThat(strings(pipeline)).anyMatch(s -> s.contains("orchestrator.shard=$CI_NODE_INDEX/$CI_NODE_TOTAL"))
                .anyMatch(s -> s.contains("./orchestrator report --run"))
                .anyMatch(s -> s.contains("for f in Data/orchestrator.db Data/orchestrator.db-wal"));
    }

    @Test
    void everyCommandLineAndKeyInTheDocAndTheCiFilesExists() throws Exception {
        Set<String> keys = new HashSet<>();
        for (Field field : Constants.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                keys.add((String) field.get(null));
            }
        }
        keys.add(KubernetesJob.DATABASE_URL_KEY); // the run database's URL, which the Kubernetes export passes on
        List<String> problems = new ArrayList<>();
        int commands = 0;
        for (Path file : List.of(DOC, GITHUB, GITLAB)) {
            String text = Files.readString(file);
            Matcher key = KEY.matcher(text);
            while (key.find()) {
                if (!keys.contains(key.group(1))) {
                    problems.add(file.getFileName() + ": unknown key " + key.group(1));
                }
            }
            List<String> lines = file.toString().endsWith(".md") ? text.lines().toList() : strings(yaml(file));
            for (String line : lines) {
                Matcher command = COMMAND.matcher(line);
                while (command.find()) {
                    commands++;
                    problems.addAll(unknownOptions(file, command.group(1), command.group(2)));
                }
            }
        }
        assertThat(commands).isGreaterThanOrEqualTo(6);
        assertThat(problems).isEmpty();
    }

    /** The options of {@code ./orchestrator SUB REST} that SUB (or its sub-subcommand) does not have. */
    private static List<String> unknownOptions(Path file, String sub, String rest) {
        CommandLine top = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine command = top.getSubcommands().get(sub);
        if (command == null) {
            return List.of(file.getFileName() + ": no command " + sub);
        }
        List<String> tokens = new ArrayList<>(Arrays.asList(rest.split("\\s+|;|&&|\\|")));
        tokens.removeIf(String::isEmpty);
        if (!tokens.isEmpty() && command.getSubcommands().containsKey(tokens.get(0))) {
            command = command.getSubcommands().get(tokens.remove(0));
        }
        List<String> unknown = new ArrayList<>();
        for (String token : tokens) {
            if (token.startsWith("#") || token.equals(">")) {
                break;
            }
            String name = token.split("=", 2)[0];
            if (name.startsWith("-") && !name.equals("-") && command.getCommandSpec().findOption(name) == null) {
                unknown.add(file.getFileName() + ": " + command.getCommandName() + " has no option " + name);
            }
        }
        return unknown;
    }

    private static Map<String, Object> yaml(Path file) throws Exception {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    /** Every string value of a YAML tree (scripts included, folded lines joined), each line on its own. */
    private static List<String> strings(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> out.addAll(strings(v)));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> out.addAll(strings(v)));
        } else if (node instanceof String s) {
            out.addAll(s.lines().toList());
        }
        return out;
    }
}
