package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.execution.internal.StepFailedException;
import dev.orchestrator.execution.internal.StepTimeoutException;
import dev.orchestrator.junit.Constants;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Hostile input, generated: a few hundred recipes mutated from the good fixtures with a fixed seed
 * (truncations, type swaps, CRLF, byte order marks, invalid UTF-8, huge lines, alias games, deep nesting, odd
 * names, control characters). Each must load without hanging and without an exception; each problem must be
 * one printable {@code file:line:column: message} line; and each recipe that validates must run: executed
 * through the engine with trivial scriptlets, no step may fail for a reason of the engine's own (a file
 * name, an environment variable, an overflow), only for a timeout or an unmet success criterion.
 */
class RecipeFuzzTest {

    private static final long SEED = 20_261_202L;
    private static final int MUTANTS_PER_SEED = 100;
    private static final List<String> SEEDS = List.of("good/serial.yaml", "good/parallel.yaml", "good/every_type.yaml");
    /** A hang guard, not a speed requirement: a bounded recipe loads in milliseconds of CPU. */
    private static final Duration LOAD_GUARD = Duration.ofSeconds(2);
    /** A hang guard for one launch of trivial steps. */
    private static final Duration RUN_GUARD = Duration.ofMinutes(2);
    private static final Pattern PROBLEM_LINE = Pattern.compile("recipes/fuzz_\\d{3}\\.yaml:\\d+:\\d+: \\S.*");

    @TempDir
    Path dir;

    @Test
    void everyMutantLoadsWithoutHangingOrThrowingWithPrintableProblemsAndEveryValidOneRuns() {
        List<Mutant> mutants = mutants();
        assertThat(mutants).hasSizeGreaterThanOrEqualTo(SEEDS.size() * MUTANTS_PER_SEED);
        Workspace loadWorkspace = trivialWorkspace(dir.resolve("load"));
        RecipeLoader loader = new RecipeLoader(loadWorkspace.root(), getClass().getClassLoader());
        List<String> failures = new ArrayList<>();
        Map<String, Mutant> runnable = new LinkedHashMap<>();
        int invalid = 0;
        for (Mutant mutant : mutants) {
            Path file = write(loadWorkspace.root(), mutant);
            RecipeSource source = RecipeSource.ofFile(file, loadWorkspace.root());
            LoadResult result;
            try {
                result = loadWithinGuard(loader, source, mutant, failures);
            } catch (RuntimeException | AssertionError e) {
                failures.add(mutant + ": " + e);
                continue;
            }
            if (result instanceof LoadResult.Invalid bad) {
                invalid++;
                checkProblems(mutant, bad, failures);
            } else {
                runnable.putIfAbsent(shape(((LoadResult.Valid) result).recipe()), mutant);
            }
        }
        assertThat(failures).as("mutants that loaded badly").isEmpty();
        // both sides are exercised: most mutants are refused, some still validate (and so must run)
        assertThat(invalid).isGreaterThan(mutants.size() / 3);
        assertThat(runnable).hasSizeGreaterThan(SEEDS.size());

        runAll(new ArrayList<>(runnable.values()), failures);
        assertThat(failures).as("valid mutants that did not run").isEmpty();
    }

    // --- checks ---

    /**
     * Loads one mutant under the hang guard: at most {@link #LOAD_GUARD} of the loading thread's CPU time, so a
     * machine busy with other builds does not make a bounded recipe look hung; the wall-clock bound only
     * stops a real hang.
     */
    private static LoadResult loadWithinGuard(RecipeLoader loader, RecipeSource source, Mutant mutant,
                                              List<String> failures) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[1];
        LoadResult result = assertTimeoutPreemptively(LOAD_GUARD.multipliedBy(15), () -> {
            long start = threads.getCurrentThreadCpuTime();
            LoadResult loaded = loader.load(source);
            cpu[0] = threads.getCurrentThreadCpuTime() - start;
            return loaded;
        }, () -> mutant + " hangs");
        if (cpu[0] > LOAD_GUARD.toNanos()) {
            failures.add(mutant + " took " + cpu[0] / 1_000_000 + " ms of CPU to load");
        }
        return result;
    }

    private static void checkProblems(Mutant mutant, LoadResult.Invalid invalid, List<String> failures) {
        if (invalid.problems().isEmpty()) {
            failures.add(mutant + ": invalid without a problem");
        }
        int lines = mutant.lineCount();
        for (RecipeProblem p : invalid.problems()) {
            String line = p.toString();
            boolean ok = PROBLEM_LINE.matcher(line).matches()
                    && line.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
                    && p.position().line() >= 1 && p.position().line() <= lines + 1 && p.position().column() >= 1
                    && !line.contains("Exception") && !line.contains("\tat ");
            if (!ok) {
                failures.add(mutant + ": bad problem line: " + Printable.escape(line));
            }
        }
    }

    /** The recipe as run sees it, positions left out: mutants that differ only in layout run alike. */
    private static String shape(Recipe recipe) {
        StringBuilder shape = new StringBuilder(recipe.meta().raw().toString()).append(recipe.settings());
        recipe.steps().forEach(s -> shape.append(s.toString().replaceAll("position=\\d+:\\d+", "")));
        return shape.toString();
    }

    /**
     * Runs the valid mutants in one launch, in a fresh workspace, and keeps every failure that is not a timeout
     * or an unmet success criterion. Mutants that kept their seed's test_id get a suffix on it, so they can
     * share the launch (one launch runs its recipes in parallel); a test_id the pattern cannot find or change
     * is left alone and runs in a launch of its own.
     */
    private void runAll(List<Mutant> valid, List<String> failures) {
        List<Map<String, Mutant>> launches = new ArrayList<>();
        for (Mutant mutant : valid) {
            Mutant unique = mutant;
            String testId = testIdOf(mutant);
            if (testId != null && launches.stream().anyMatch(l -> l.containsKey(testId))) {
                String text = new String(mutant.bytes(), StandardCharsets.UTF_8);
                String renamed = testId + "_f" + mutant.number();
                unique = new Mutant(mutant.number(), mutant.seed(), mutant.mutations(),
                        text.replace("test_id: " + testId, "test_id: " + renamed).getBytes(StandardCharsets.UTF_8));
            }
            String key = testId == null ? mutant.fileName() : testIdOf(unique);
            Mutant chosen = unique;
            launches.stream().filter(l -> !l.containsKey(key)).findFirst()
                    .orElseGet(() -> {
                        launches.add(new LinkedHashMap<>());
                        return launches.get(launches.size() - 1);
                    }).put(key, chosen);
        }
        for (int i = 0; i < launches.size(); i++) {
            Workspace ws = trivialWorkspace(dir.resolve("run-" + i));
            Map<String, Mutant> byTestId = launches.get(i);
            DiscoverySelector[] selectors = byTestId.values().stream()
                    .map(m -> selectFile(write(ws.root(), m).toFile())).toArray(DiscoverySelector[]::new);
            EngineExecutionResults results = assertTimeoutPreemptively(RUN_GUARD, () -> EngineRun.in(ws)
                    .config(Constants.REPORTS, "none").execute(selectors), () -> "launch of " + byTestId.values() + " hangs");
            if (results.containerEvents().started().count() < byTestId.size() + 1) {
                failures.add("not every recipe of " + byTestId.values() + " started");
            }
            results.allEvents().failed().stream().forEach(event -> {
                Throwable cause = event.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).orElse(null);
                if (!isTheStepsOwnFailure(cause)) {
                    failures.add(describe(event, byTestId) + " failed for a reason of the engine's own: "
                            + Values.clip(String.valueOf(cause)));
                }
            });
        }
    }

    /** A trivial scriptlet fails only if a timeout hits it (a loaded machine) or a mutated criterion is unmet. */
    private static boolean isTheStepsOwnFailure(Throwable cause) {
        return cause instanceof StepTimeoutException
                || cause instanceof StepFailedException && String.valueOf(cause.getMessage()).startsWith("success criteria not met");
    }

    private static String describe(Event event, Map<String, Mutant> byTestId) {
        String id = event.getTestDescriptor().getUniqueId().toString();
        return byTestId.entrySet().stream().filter(e -> id.contains("[recipe:" + e.getKey() + "]"))
                .map(e -> e.getValue().toString()).findFirst().orElse(Values.clip(id));
    }

    /** The test_id as written, if it is a plain one (as in a valid mutant that kept its key); else null. */
    private static String testIdOf(Mutant mutant) {
        var m = Pattern.compile("test_id: ([A-Za-z0-9_.-]+)\\r?\\n").matcher(new String(mutant.bytes(), StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }

    // --- the workspace: scripts, modules and a class that do (almost) nothing ---

    private static Workspace trivialWorkspace(Path root) {
        Workspace ws = new Workspace(root).withBridges();
        ws.file("scriptlets/shell/step.sh", "#!/usr/bin/env bash\nexit 0\n");
        ws.file("scriptlets/shell/preprocess-csv.sh", "#!/usr/bin/env bash\nmkdir -p Data && : > Data/clean.csv\n");
        ws.file("scriptlets/python/steps/__init__.py", "");
        ws.file("scriptlets/python/steps/compute_metrics.py", """
                from scriptlets.python.core.base import BaseScriptlet


                class StepComputeMetrics(BaseScriptlet):
                    def run(self, ctx, params):
                        ctx.set("metrics", {"rows": 0})
                        ctx.set("metrics_columns", [])


                def run(ctx, params):
                    return None
                """);
        ws.file("scriptlets/python/steps/pkg_step/__init__.py", "def run(ctx, params):\n    return None\n");
        return ws;
    }

    private static Path write(Path root, Mutant mutant) {
        Path file = root.resolve("recipes").resolve(mutant.fileName());
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, mutant.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    // --- the mutants ---

    /** One generated recipe: its number, the seed fixture, the mutations applied, and its bytes. */
    record Mutant(int number, String seed, String mutations, byte[] bytes) {

        String fileName() {
            return String.format("fuzz_%03d.yaml", number);
        }

        int lineCount() {
            int lines = 1;
            for (byte b : bytes) {
                lines += b == '\n' || b == '\r' ? 1 : 0; // CRLF counted twice: an upper bound is enough
            }
            return lines;
        }

        @Override
        public String toString() {
            return fileName() + " (" + seed + ": " + mutations + ")";
        }
    }

    private static List<Mutant> mutants() {
        Random random = new Random(SEED);
        List<Mutant> mutants = new ArrayList<>();
        for (String seed : SEEDS) {
            // without its 'when', every step of every_type runs (nothing sets metrics_enabled): a skipped step
            // would prove nothing about what run can start
            String text = fixture(seed).replace("    when: metrics_enabled\n", "");
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                int count = 1 + random.nextInt(2);
                String mutated = text;
                List<String> applied = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    Mutation mutation = TEXT_MUTATIONS.get(random.nextInt(TEXT_MUTATIONS.size()));
                    mutated = mutation.apply().apply(mutated, random);
                    applied.add(mutation.name());
                }
                byte[] bytes = mutated.getBytes(StandardCharsets.UTF_8);
                if (random.nextInt(6) == 0) {
                    ByteMutation mutation = BYTE_MUTATIONS.get(random.nextInt(BYTE_MUTATIONS.size()));
                    bytes = mutation.apply().apply(bytes, random);
                    applied.add(mutation.name());
                }
                mutants.add(new Mutant(mutants.size(), seed, String.join(", ", applied), bytes));
            }
        }
        return mutants;
    }

    private static String fixture(String name) {
        try (InputStream in = RecipeFuzzTest.class.getResourceAsStream(TestWorkspace.FIXTURES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Mutation(String name, BiFunction<String, Random, String> apply) {
    }

    record ByteMutation(String name, BiFunction<byte[], Random, byte[]> apply) {
    }

    /** Values that replace a scalar: other types, boundary numbers, YAML oddities (small enough to run quickly). */
    private static final List<String> SWAPS = List.of("[]", "{}", "null", "~", "0", "1", "-1", "3.5", "true", "\"\"",
            "[a, b]", "{x: 1}", "!!binary aGk=", "9223372036854775807", "99999999999999999999", ".inf", "0x1F",
            "2147483648", "-0", "1e999", "'quoted'", "|\n  block", ">-", "!!str 5", "2024-01-01", "yes", "\"\\t\"");

    /** Names and ids that file systems, environments and terminals choke on. */
    private static final List<String> ODD_NAMES = List.of("a".repeat(5000), "\"..\"", "\".\"", "x".repeat(300),
            "a/b", "имя", "名前", "\"😀\"", "\"\\e[2J1 recipe valid\"", "\"a\\0b\"", "\"\\ud800\"", "\"\\u202eevil\"",
            "\"a\\nb\"", "-rf", "CON", "\"a b\"", "\"A=B\"", "\"$(reboot)\"", "\"*\"", "\"\\x7f\"", "café", "a".repeat(64),
            "a".repeat(65), "_", "\"\\u2028\"");

    private static final List<Mutation> TEXT_MUTATIONS = List.of(
            new Mutation("truncate", (t, r) -> t.substring(0, r.nextInt(t.length()))),
            new Mutation("drop a line", (t, r) -> lines(t, r, (lines, i) -> lines.remove(i))),
            new Mutation("repeat a line", (t, r) -> lines(t, r, (lines, i) -> lines.add(i, lines.get(i)))),
            new Mutation("swap a value's type", (t, r) -> replaceValue(t, r, SWAPS.get(r.nextInt(SWAPS.size())))),
            new Mutation("odd name", (t, r) -> replaceValue(t, r, ODD_NAMES.get(r.nextInt(ODD_NAMES.size())))),
            new Mutation("odd step name", (t, r) -> replaceValueOf(t, r, "name", pick(r, ODD_NAMES))),
            new Mutation("odd test_id", (t, r) -> replaceValueOf(t, r, "test_id", pick(r, ODD_NAMES))),
            new Mutation("odd text", (t, r) -> replaceValueOf(t, r, "(?:description|tester)", pick(r, ODD_NAMES))),
            new Mutation("odd env", (t, r) -> addToSteps(t, r, "env: {" + pick(r, ODD_NAMES) + ": " + pick(r, ODD_NAMES) + "}")),
            new Mutation("odd arg", (t, r) -> addToSteps(t, r, "args: {" + pick(r, ODD_NAMES) + ": " + pick(r, ODD_NAMES) + "}")),
            new Mutation("odd param", (t, r) -> addToSteps(t, r, "params: {" + pick(r, ODD_NAMES) + ": " + pick(r, ODD_NAMES) + "}")),
            new Mutation("odd tag", (t, r) -> addToSteps(t, r, "tags: [" + pick(r, ODD_NAMES) + "]")),
            new Mutation("odd class", (t, r) -> t.replace("dev.orchestrator.recipe.SampleScriptlet", pick(r, List.of(
                    "java.lang.String", "java.lang.Runnable", "dev.orchestrator.scriptlet.BaseScriptlet",
                    "dev.orchestrator.recipe.internal.RecipeFuzzTest", "dev.orchestrator.recipe.SampleScriptlet$1", "int")))),
            new Mutation("odd duration", (t, r) -> addToSteps(t, r, pick(r, List.of("timeout", "retry_delay")) + ": "
                    + pick(r, List.of("9223372036854775807s", "9223372036854775807", "106751991167301d", "0", "0ms",
                    "1ms", "168h", "169h", "10081m", "604800", "604801", "99999999999999999999h", "-1s", "1.5s")))),
            new Mutation("odd key", (t, r) -> lines(t, r, (lines, i) -> lines.set(i, lines.get(i)
                    .replaceFirst("([A-Za-z_]+):",
                            java.util.regex.Matcher.quoteReplacement(ODD_NAMES.get(r.nextInt(ODD_NAMES.size()))) + ":")))),
            new Mutation("CRLF", (t, r) -> t.replace("\n", "\r\n")),
            new Mutation("lone CR", (t, r) -> insert(t, r, "\r")),
            new Mutation("UTF-8 BOM", (t, r) -> "\uFEFF" + t),
            new Mutation("control character", (t, r) -> insert(t, r, String.valueOf((char) r.nextInt(0x20)))),
            new Mutation("escape sequence", (t, r) -> insert(t, r, "\u001b[2J\u001b[1A")),
            new Mutation("huge line", (t, r) -> insert(t, r, "\n" + "#".repeat(RecipeText.MAX_LINE_LENGTH + r.nextInt(3))
                    .repeat(1 + r.nextInt(4)) + "\n")),
            new Mutation("huge value", (t, r) -> replaceValue(t, r, "x".repeat(RecipeText.MAX_LINE_LENGTH - 100))),
            new Mutation("huge comment", (t, r) -> t + ("# " + "c".repeat(10_000) + "\n").repeat(30 + r.nextInt(120))),
            new Mutation("huge env", (t, r) -> t.replace("steps:", "defaults:\n  env: {BIG: " + "v".repeat(16_000)
                    + "}\nsteps:")),
            new Mutation("alias bomb", (t, r) -> t.replace("steps:", aliasBomb(2 + r.nextInt(8)) + "steps:")),
            new Mutation("recursive alias", (t, r) -> replaceValue(t, r, "&loop [*loop]")),
            new Mutation("unknown alias", (t, r) -> replaceValue(t, r, "*nowhere")),
            new Mutation("merge key", (t, r) -> t.replace("test_meta:", "base: &base {x: 1}\ntest_meta:\n  <<: *base")),
            new Mutation("deep nesting", (t, r) -> replaceValue(t, r, nest(10 + r.nextInt(200), r.nextBoolean()))),
            new Mutation("indent", (t, r) -> lines(t, r, (lines, i) -> lines.set(i, " ".repeat(1 + r.nextInt(3)) + lines.get(i)))),
            new Mutation("yaml token", (t, r) -> insert(t, r, List.of(": ", "- ", "&", "*", "!", "|", ">", "{", "[", "'",
                    "\"", "#", "%YAML 1.1\n", "\n---\n", "\n...\n", "? ", "@", "`", "\t").get(r.nextInt(19)))),
            new Mutation("delete characters", (t, r) -> {
                int at = r.nextInt(t.length());
                return t.substring(0, at) + t.substring(Math.min(t.length(), at + 1 + r.nextInt(20)));
            }),
            new Mutation("unicode", (t, r) -> insert(t, r, List.of("é", "名", "😀", "\u0085", "\u2028", "\u00a0",
                    "\u200b", "\uFEFF").get(r.nextInt(8)))),
            new Mutation("oversize", (t, r) -> t + ("#" + "o".repeat(1000) + "\n").repeat(1100)),
            new Mutation("retry storm", (t, r) -> t.replace("retries: 1", "retries: 100")
                    .replace("retry_delay: 1h", "retry_delay: 168h")));

    private static final List<ByteMutation> BYTE_MUTATIONS = List.of(
            new ByteMutation("invalid UTF-8 byte", (b, r) -> insertBytes(b, r, (byte) (0x80 + r.nextInt(0x80)))),
            new ByteMutation("truncated UTF-8 sequence", (b, r) -> insertBytes(b, r, (byte) 0xE2, (byte) 0x82)),
            new ByteMutation("overlong NUL", (b, r) -> insertBytes(b, r, (byte) 0xC0, (byte) 0x80)),
            new ByteMutation("raw NUL", (b, r) -> insertBytes(b, r, (byte) 0)),
            new ByteMutation("UTF-16", (b, r) -> ("\uFEFF" + new String(b, StandardCharsets.UTF_8))
                    .getBytes(r.nextBoolean() ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE)));

    private static String pick(Random r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }

    /** Replaces the value of one {@code key: value} whose key matches {@code keyPattern}. */
    private static String replaceValueOf(String text, Random r, String keyPattern, String value) {
        var matcher = Pattern.compile("(\\b" + keyPattern + ": )([^,{}\\[\\]\\n#]+)").matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (matcher.find()) {
            spans.add(new int[] {matcher.start(2), matcher.end(2)});
        }
        if (spans.isEmpty()) {
            return text + value;
        }
        int[] span = spans.get(r.nextInt(spans.size()));
        return text.substring(0, span[0]) + value + text.substring(span[1]);
    }

    /** Adds {@code entry} to one step (flow or block style), replacing a key of the same name if it is there. */
    private static String addToSteps(String text, Random r, String entry) {
        String key = entry.substring(0, entry.indexOf(':'));
        String without = text.replaceAll("(?m)^    " + key + ": .*\\n", "").replaceAll(", " + key + ": [^,}]+", "");
        var matcher = Pattern.compile("(?m)(^  - idx: \\d+\\n|\\{idx: \\d+, )").matcher(without);
        List<int[]> spans = new ArrayList<>();
        while (matcher.find()) {
            spans.add(new int[] {matcher.end(), matcher.group().startsWith("{") ? 1 : 0});
        }
        if (spans.isEmpty()) {
            return text + "\n" + entry + "\n"; // no step left to add it to: misplaced, and so refused
        }
        int[] span = spans.get(r.nextInt(spans.size()));
        String insert = span[1] == 1 ? entry + ", " : "    " + entry + "\n";
        return without.substring(0, span[0]) + insert + without.substring(span[0]);
    }

    private static String lines(String text, Random r, java.util.function.BiConsumer<List<String>, Integer> edit) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        edit.accept(lines, r.nextInt(lines.size()));
        return String.join("\n", lines);
    }

    private static String insert(String text, Random r, String what) {
        int at = r.nextInt(text.length() + 1);
        return text.substring(0, at) + what + text.substring(at);
    }

    private static byte[] insertBytes(byte[] bytes, Random r, byte... what) {
        int at = r.nextInt(bytes.length + 1);
        byte[] out = new byte[bytes.length + what.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(bytes, at, out, at + what.length, bytes.length - at);
        return out;
    }

    /** Replaces the value of one {@code key: value} (block or flow style) with {@code value}. */
    private static String replaceValue(String text, Random r, String value) {
        return replaceValueOf(text, r, "[a-z_]+", value);
    }

    private static String aliasBomb(int levels) {
        StringBuilder yaml = new StringBuilder("bomb:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= levels; i++) {
            yaml.append("  l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        return yaml.toString();
    }

    private static String nest(int depth, boolean flowLists) {
        return flowLists ? "[".repeat(depth) + "]".repeat(depth) : "{a: ".repeat(depth) + "1" + "}".repeat(depth);
    }
}
