package dev.orchestrator.recipe.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The hostile recipes of {@link RecipeFuzzTest}: mutants of good fixtures, made with a fixed seed so that every run
 * (and every machine) tries the same ones. One to two text mutations each (truncations, type swaps, CRLF, byte
 * order marks, huge lines, alias games, deep nesting, odd names, control characters…), and in one mutant out of
 * six a byte mutation on top (invalid UTF-8, NUL, UTF-16).
 */
final class RecipeMutants {

    private RecipeMutants() {
    }

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

        /** The test_id as written, if it is a plain one (as in a valid mutant that kept its key); else null. */
        String testId() {
            var m = TEST_ID.matcher(new String(bytes, StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        }

        /** This mutant with its plain {@link #testId()} replaced by {@code testId}. */
        Mutant withTestId(String testId) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return new Mutant(number, seed, mutations,
                    text.replace("test_id: " + testId(), "test_id: " + testId).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return fileName() + " (" + seed + ": " + mutations + ")";
        }
    }

    private static final Pattern TEST_ID = Pattern.compile("test_id: ([A-Za-z0-9_.-]+)\\r?\\n");

    /**
     * {@code perFixture} mutants of each of {@code fixtures} (paths under the recipe fixtures), numbered from 0, the
     * same for the same {@code seed}.
     */
    static List<Mutant> of(long seed, List<String> fixtures, int perFixture) {
        Random random = new Random(seed);
        List<Mutant> mutants = new ArrayList<>();
        for (String fixture : fixtures) {
            String text = runnable(fixture);
            for (int i = 0; i < perFixture; i++) {
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
                mutants.add(new Mutant(mutants.size(), fixture, String.join(", ", applied), bytes));
            }
        }
        return mutants;
    }

    /**
     * The fixture {@code name} as mutants start from it: without its {@code when}, every step of every_type runs
     * (nothing sets metrics_enabled), since a skipped step would prove nothing about what run can start.
     */
    static String runnable(String name) {
        return fixture(name).replace("    when: metrics_enabled\n", "");
    }

    private static String fixture(String name) {
        try (InputStream in = RecipeMutants.class.getResourceAsStream(TestWorkspace.FIXTURES + name)) {
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
