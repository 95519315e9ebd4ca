package dev.orchestrator.recipe.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.recipe.Settings;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.TestMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Binds a whole recipe tree: the top-level blocks, {@code test_meta}, {@code settings}, the structure of
 * {@code steps} (steps and {@code parallel} groups), unique {@code idx} and {@code name}; steps themselves
 * go to {@link StepBinder} and order to {@link OrderResolver}. One per recipe load.
 */
final class RecipeBinder {

    /** A test_id names folders and files ({@code Data/ctx/<test_id>/}): so no '.' or '..', no leading '-'. */
    static final Pattern TEST_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    static final String TEST_ID_SHAPE = "letters, digits, '_', '.' or '-', starting with a letter, digit or '_'"
            + " ([A-Za-z0-9_][A-Za-z0-9_.-]*)";
    static final int MAX_TEST_ID_LENGTH = 64;
    static final List<String> TOP_LEVEL_KEYS = List.of("test_meta", "settings", "defaults", "steps", "secrets");
    static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    static final List<String> META_KEYS = List.of("test_id", "tester", "description", "tags", "severity");
    static final List<String> SETTINGS_KEYS = List.of("parallelism", "fail_fast");
    static final List<String> SEVERITIES = List.of("blocker", "critical", "normal", "minor", "trivial");

    private final RecipeSource source;
    private final Problems problems;
    private final StepBinder steps;

    RecipeBinder(RecipeSource source, WorkspaceChecks workspace, Problems problems) {
        this.source = source;
        this.problems = problems;
        this.steps = new StepBinder(workspace, problems);
    }

    /** The recipe, when no problem was found; in every case {@code testId} is filled when it could be read. */
    Optional<Recipe> bind(YamlNode root) {
        Optional<YamlNode.Mapping> top = root instanceof YamlNode.Mapping m ? Optional.of(m)
                : Values.wrong(root, "a mapping with 'test_meta' and 'steps'", "the recipe", problems);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping recipe = top.get();
        checkKeys(recipe, TOP_LEVEL_KEYS, "at the top level");
        TestMeta meta = required(recipe, "test_meta", "at the top level", this::meta);
        Settings settings = recipe.get("settings").map(this::settings).orElse(Settings.DEFAULTS);
        Optional<YamlNode.Mapping> defaults = recipe.get("defaults").flatMap(d -> Values.mapping(d, "defaults", problems));
        defaults.ifPresent(steps::checkDefaults);
        List<Step> bound = required(recipe, "steps", "at the top level", n -> stepList(n, defaults));
        List<String> secrets = recipe.get("secrets").map(this::secrets).orElse(List.of());
        if (!problems.isEmpty() || meta == null || bound == null) {
            return Optional.empty();
        }
        return Optional.of(new Recipe(source, meta, settings, bound, secrets));
    }

    /** The {@code test_id} if it is present and well formed, for naming an invalid recipe. */
    static Optional<String> testId(YamlNode root) {
        if (root instanceof YamlNode.Mapping top && top.get("test_meta").orElse(null) instanceof YamlNode.Mapping meta
                && meta.get("test_id").orElse(null) instanceof YamlNode.Scalar id && id.isString()
                && TEST_ID.matcher(id.value().asText()).matches() && id.value().asText().length() <= MAX_TEST_ID_LENGTH) {
            return Optional.of(id.value().asText());
        }
        return Optional.empty();
    }

    private TestMeta meta(YamlNode node) {
        YamlNode.Mapping meta = Values.mapping(node, "test_meta", problems).orElse(null);
        if (meta == null) {
            return null;
        }
        checkKeys(meta, META_KEYS, "in test_meta");
        String testId = required(meta, "test_id", "in test_meta", n -> Values.fileSafeName(n, "test_id", TEST_ID,
                TEST_ID_SHAPE, MAX_TEST_ID_LENGTH, problems).orElse(null));
        String tester = required(meta, "tester", "in test_meta", n -> Values.string(n, "tester", problems).orElse(null));
        String description = required(meta, "description", "in test_meta",
                n -> Values.string(n, "description", problems).orElse(null));
        List<String> tags = meta.get("tags").flatMap(n -> Values.tags(n, "tags", problems)).orElse(List.of());
        meta.get("severity").ifPresent(n -> Values.string(n, "severity", problems)
                .filter(severity -> !SEVERITIES.contains(severity))
                .ifPresent(severity -> problems.add(n.position(), "expected one of " + String.join(", ", SEVERITIES)
                        + " for 'severity', found '" + severity + "'")));
        if (testId == null || tester == null || description == null) {
            return null;
        }
        ObjectNode raw = meta.toJson();
        return new TestMeta(testId, tester, description, tags, raw, meta.position());
    }

    /** {@code secrets: [name…]}: names of keys whose values are masked in every log and report. */
    private List<String> secrets(YamlNode node) {
        List<YamlNode.Scalar> items = Values.stringItems(node, "secrets", problems).orElse(List.of());
        for (YamlNode.Scalar item : items) {
            if (!SECRET_NAME.matcher(item.value().asText()).matches()) {
                problems.add(item.position(), "expected a key name of letters, digits, '_', '.' or '-' in 'secrets', "
                        + "found '" + item.value().asText() + "'");
            }
        }
        return items.stream().map(i -> i.value().asText()).toList();
    }

    private Settings settings(YamlNode node) {
        return Values.mapping(node, "settings", problems).map(s -> {
            checkKeys(s, SETTINGS_KEYS, "in settings");
            Integer parallelism = s.get("parallelism")
                    .flatMap(n -> Values.integer(n, "parallelism", 1, problems)).orElse(null);
            boolean failFast = s.get("fail_fast").flatMap(n -> Values.bool(n, "fail_fast", problems)).orElse(false);
            return new Settings(parallelism, failFast);
        }).orElse(Settings.DEFAULTS);
    }

    private List<Step> stepList(YamlNode node, Optional<YamlNode.Mapping> defaults) {
        YamlNode.Sequence list = Values.sequence(node, "steps", problems).orElse(null);
        if (list == null) {
            return null;
        }
        if (list.items().isEmpty()) {
            problems.add(list.position(), "expected at least one step in 'steps', found an empty list");
            return null;
        }
        List<OrderResolver.Item> items = new ArrayList<>();
        int groups = 0;
        for (YamlNode itemNode : list.items()) {
            YamlNode.Mapping item = Values.mapping(itemNode, "an item of 'steps' (a step or a parallel group)", problems)
                    .orElse(null);
            if (item == null) {
                continue;
            }
            Optional<YamlNode.Entry> parallel = item.entry(StepKeys.PARALLEL);
            if (parallel.isPresent() && item.entries().size() == 1) {
                items.add(new OrderResolver.Item(group(parallel.get(), groups++, defaults)));
            } else if (parallel.isPresent()) {
                problems.add(parallel.get().keyPosition(), "'parallel' must be the only key of its list item, found "
                        + item.entries().stream().map(e -> "'" + Values.clip(e.key()) + "'").toList()
                        + "; write '- parallel: [steps…]' as an item of its own");
            } else {
                items.add(new OrderResolver.Item(List.of(steps.bind(item, defaults, null))));
            }
        }
        checkUnique(items);
        List<List<String>> dependsOn = new OrderResolver().resolve(items, problems);
        List<Step> result = new ArrayList<>();
        List<StepDraft> drafts = items.stream().flatMap(i -> i.steps().stream()).toList();
        for (int i = 0; i < drafts.size(); i++) {
            List<String> deps = dependsOn.get(i);
            drafts.get(i).step().ifPresent(s -> result.add(s.withDependsOn(deps)));
        }
        if (result.size() != drafts.size()) {
            return null;
        }
        if (problems.isEmpty()) {
            // contracts are judged on the whole graph, so only once it is complete and acyclic
            ContractCheck.check(result, problems);
        }
        return result;
    }

    private List<StepDraft> group(YamlNode.Entry parallel, int index, Optional<YamlNode.Mapping> defaults) {
        List<StepDraft> drafts = new ArrayList<>();
        Values.sequence(parallel.value(), "parallel", problems).ifPresent(list -> {
            if (list.items().isEmpty()) {
                problems.add(parallel.keyPosition(), "expected at least one step in 'parallel', found an empty list");
            }
            for (YamlNode itemNode : list.items()) {
                Values.mapping(itemNode, "an item of 'parallel' (a step)", problems).ifPresent(item -> {
                    if (item.entry(StepKeys.PARALLEL).isPresent() && item.entries().size() == 1) {
                        problems.add(item.position(), "expected a step in 'parallel', found a nested parallel group");
                    } else {
                        drafts.add(steps.bind(item, defaults, index));
                    }
                });
            }
        });
        return drafts;
    }

    private void checkUnique(List<OrderResolver.Item> items) {
        Map<Integer, StepDraft> idxs = new HashMap<>();
        Map<String, StepDraft> names = new HashMap<>();
        items.stream().flatMap(i -> i.steps().stream()).forEach(s -> {
            if (s.idx() != null) {
                StepDraft first = idxs.putIfAbsent(s.idx(), s);
                if (first != null) {
                    problems.add(s.idxPosition(), "duplicate idx " + s.idx() + " in " + s.label() + ": "
                            + first.label() + " (line " + first.position().line() + ") has it already; expected a unique integer");
                }
            }
            if (s.name() != null) {
                StepDraft first = names.putIfAbsent(s.name(), s);
                if (first != null) {
                    problems.add(s.namePosition(), "duplicate step name '" + s.name() + "': the step at line "
                            + first.position().line() + " has it already; expected a unique name");
                }
            }
        });
    }

    private void checkKeys(YamlNode.Mapping mapping, List<String> valid, String where) {
        for (YamlNode.Entry e : mapping.entries()) {
            if (!valid.contains(e.key())) {
                problems.add(e.keyPosition(), "unknown key '" + Values.clip(e.key()) + "' " + where + Suggestions.hint(e.key(), valid, "keys"));
            }
        }
    }

    private <T> T required(YamlNode.Mapping mapping, String key, String where, Function<YamlNode, T> reader) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty()) {
            problems.add(mapping.position(), "missing required key '" + key + "' " + where);
            return null;
        }
        return reader.apply(node.get());
    }
}
