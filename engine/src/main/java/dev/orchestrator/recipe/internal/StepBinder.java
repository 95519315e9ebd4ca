package dev.orchestrator.recipe.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepCache;
import dev.orchestrator.recipe.StepContract;
import dev.orchestrator.recipe.StepService;
import dev.orchestrator.recipe.StepType;
import dev.orchestrator.recipe.Success;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Binds one step mapping (with the recipe's {@code defaults} filled in where the step omits a key) to a
 * {@link StepDraft}, reporting unknown keys, keys of another step type, missing and malformed values, and
 * what {@link WorkspaceChecks} finds missing. One per recipe load.
 */
final class StepBinder {

    static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** What a process accepts as a variable name (POSIX): anything else cannot be passed, or is not one variable. */
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Step names are parts of file names: log files, checkpoints, temporary folders. */
    static final int MAX_NAME_LENGTH = 64;
    /** Well under the kernel's 128 KiB for one argument or variable, leaving room for the others. */
    static final int MAX_PROCESS_VALUE_BYTES = 32 * 1024;
    /** Far more attempts than a flaky step deserves, and no overflow when counting them. */
    static final int MAX_RETRIES = 100;

    private final WorkspaceChecks workspace;
    private final Problems problems;
    private final DeclaredParamsCheck declaredParams;
    private final ContractBinder contracts;

    StepBinder(WorkspaceChecks workspace, Problems problems) {
        this.workspace = workspace;
        this.problems = problems;
        this.declaredParams = new DeclaredParamsCheck(workspace, problems);
        this.contracts = new ContractBinder(workspace, problems);
    }

    StepDraft bind(YamlNode.Mapping mapping, Optional<YamlNode.Mapping> defaults, Integer group) {
        Position at = mapping.position();
        String name = mapping.get(StepKeys.NAME)
                .flatMap(n -> Values.fileSafeName(n, StepKeys.NAME, SNAKE_CASE, "a snake_case name ([a-z][a-z0-9_]*)",
                        MAX_NAME_LENGTH, problems))
                .orElse(null);
        String label = StepDraft.label(name, at);
        Integer idx = mapping.get(StepKeys.IDX).flatMap(n -> Values.integer(n, StepKeys.IDX, Integer.MIN_VALUE, problems))
                .orElse(null);
        Optional<YamlNode> typeNode = mapping.get(StepKeys.TYPE).or(() -> defaults.flatMap(d -> d.get(StepKeys.TYPE)));
        StepType type = typeNode.flatMap(this::type).orElse(null);

        checkKeys(mapping, type, label);
        Map<String, YamlNode> values = effectiveValues(mapping, defaults, type);
        checkRequired(values, type, at, label);

        int before = problems.count();
        Fields f = new Fields(values);
        Step.Target target = target(f, type, values);
        List<YamlNode.Scalar> deps = f.get(StepKeys.DEPENDS_ON, n -> Values.stringItems(n, StepKeys.DEPENDS_ON, problems));
        Step.Scheduling scheduling = scheduling(f, group);
        Step.Limits limits = limits(f);
        Success success = f.get(StepKeys.SUCCESS, this::success);
        String description = f.get(StepKeys.DESCRIPTION, n -> Values.string(n, StepKeys.DESCRIPTION, problems));
        StepCache cache = f.get(StepKeys.CACHE, new StepCacheBinder(problems)::bind);
        StepService service = f.get(StepKeys.SERVICE, n -> new ServiceBinder(problems).bind(n));
        if (service != null && service.enabled() && type != null) {
            limits = new ServiceBinder(problems).check(mapping, type, limits, label);
        }
        if (target != null && problems.count() == before) {
            checkDeclaredParams(mapping, defaults, values, target, at, label);
        }
        StepContract contract = contracts.bind(mapping, problems.count() == before ? target : null,
                scriptletAt(values, target), label);

        Position namePosition = mapping.get(StepKeys.NAME).map(YamlNode::position).orElse(at);
        Position idxPosition = mapping.get(StepKeys.IDX).map(YamlNode::position).orElse(at);
        boolean complete = problems.count() == before && name != null && idx != null && type != null
                && StepKeys.requiredFor(type, values.keySet()).stream().allMatch(values::containsKey);
        Optional<Step> step = complete
                ? Optional.of(new Step(idx, name, target, scheduling, limits, success != null ? success : Success.NONE,
                        description, at).withContract(contract).withCache(cache).withService(service))
                : Optional.empty();
        return new StepDraft(name, namePosition, idx, idxPosition, deps, values.containsKey(StepKeys.DEPENDS_ON),
                group, at, step);
    }

    /** The step's {@code params} (or shell {@code args}) against the parameters its scriptlet declares, if any. */
    private void checkDeclaredParams(YamlNode.Mapping mapping, Optional<YamlNode.Mapping> defaults,
                                     Map<String, YamlNode> values, Step.Target target, Position at, String label) {
        StepType type = target.type();
        String scriptlet = type == StepType.JAVA ? target.className() : type == StepType.PYTHON ? target.module()
                : target.cmd();
        String key = type == StepType.SHELL ? StepKeys.ARGS : StepKeys.PARAMS;
        String refKey = type == StepType.JAVA ? (target.source() != null ? StepKeys.SOURCE : StepKeys.CLASS)
                : type == StepType.PYTHON ? StepKeys.MODULE : StepKeys.CMD;
        if (scriptlet != null && values.containsKey(refKey)) {
            declaredParams.check(type, scriptlet, values.get(refKey).position(),
                    values.get(key), keyPosition(mapping, defaults, key).orElse(at), label);
        }
    }

    /** Where the step names its scriptlet ({@code class}/{@code source}, {@code module}, {@code cmd}); null if nowhere. */
    private static Position scriptletAt(Map<String, YamlNode> values, Step.Target target) {
        if (target == null) {
            return null;
        }
        String key = switch (target.type()) {
            case JAVA -> target.source() != null ? StepKeys.SOURCE : StepKeys.CLASS;
            case PYTHON -> StepKeys.MODULE;
            case SHELL -> StepKeys.CMD;
        };
        YamlNode node = values.get(key);
        return node == null ? null : node.position();
    }

    private void checkRequired(Map<String, YamlNode> values, StepType type, Position at, String label) {
        for (String required : List.of(StepKeys.IDX, StepKeys.NAME, StepKeys.TYPE)) {
            if (!values.containsKey(required)) {
                problems.add(at, "missing required key '" + required + "' in " + label);
            }
        }
        if (type != null) {
            for (String required : StepKeys.requiredFor(type, values.keySet())) {
                if (!values.containsKey(required)) {
                    problems.add(at, "missing required key '" + required + "' in " + type.yamlName() + " " + label
                            + " (a " + type.yamlName() + " step needs " + String.join(" and ", StepKeys.requiredFor(type))
                            + (type == StepType.JAVA ? ", or a source file" : "") + ")");
                }
            }
        }
    }

    /**
     * What runs: the scriptlet of {@code type}, checked against the workspace, and what it is given; null when the
     * type is unknown (the values are still checked, so every problem is reported at once).
     */
    private Step.Target target(Fields f, StepType type, Map<String, YamlNode> values) {
        String cmd = f.get(StepKeys.CMD, n -> Values.string(n, StepKeys.CMD, problems)
                .filter(c -> workspace.script(c, n.position(), problems)));
        String module = f.get(StepKeys.MODULE, n -> Values.string(n, StepKeys.MODULE,
                        Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*"), "a dotted python module name", problems)
                .filter(m -> workspace.pythonModule(m, n.position(), problems)));
        String function = f.get(StepKeys.FUNCTION, n -> Values.string(n, StepKeys.FUNCTION, IDENTIFIER,
                "a python identifier", problems)
                .filter(fn -> module == null || workspace.pythonFunction(module, fn, n.position(), problems)));
        boolean fromSource = values.containsKey(StepKeys.SOURCE);
        String source = f.get(StepKeys.SOURCE, n -> Values.string(n, StepKeys.SOURCE, problems)
                .filter(s -> workspace.javaSource(s, n.position(), problems)));
        String className = f.get(StepKeys.CLASS, n -> Values.string(n, StepKeys.CLASS, problems)
                .filter(c -> fromSource || workspace.javaClass(c, n.position(), problems)));
        if (source != null) {
            String compiled = workspace.sourceClassName(source);
            if (className != null && !className.equals(compiled)) {
                problems.add(values.get(StepKeys.CLASS).position(), "class '" + Values.clip(className) + "' is not the"
                        + " class of source '" + source + "', which is '" + compiled + "'; leave class out or name that one");
            }
            className = compiled;
        }
        ObjectNode args = f.get(StepKeys.ARGS, this::args);
        ObjectNode params = f.get(StepKeys.PARAMS, n -> Values.mapping(n, StepKeys.PARAMS, problems).map(YamlNode.Mapping::toJson));
        Map<String, String> env = f.get(StepKeys.ENV, this::env);
        return type == null ? null : new Step.Target(type, cmd, module, function, className, args, params, env, source);
    }

    /**
     * When it runs, without its dependencies: {@code depends_on} is resolved later by the order rules (from the
     * {@link StepDraft}).
     */
    private Step.Scheduling scheduling(Fields f, Integer group) {
        List<String> tags = f.get(StepKeys.TAGS, n -> Values.tags(n, StepKeys.TAGS, problems));
        String when = f.get(StepKeys.WHEN, n -> Values.string(n, StepKeys.WHEN, problems));
        return new Step.Scheduling(List.of(), when, group, tags != null ? tags : List.of());
    }

    /** Limits and retries; absent keys take {@link Step.Limits#NONE}'s values. */
    private Step.Limits limits(Fields f) {
        Duration timeout = f.get(StepKeys.TIMEOUT, n -> Values.duration(n, StepKeys.TIMEOUT, Duration.ofMillis(1), problems));
        Integer retries = f.get(StepKeys.RETRIES, n -> Values.integer(n, StepKeys.RETRIES, 0, MAX_RETRIES, problems));
        Duration retryDelay = f.get(StepKeys.RETRY_DELAY,
                n -> Values.duration(n, StepKeys.RETRY_DELAY, Duration.ZERO, problems));
        Boolean requiresProcess = f.get(StepKeys.REQUIRES_PROCESS, n -> Values.bool(n, StepKeys.REQUIRES_PROCESS, problems));
        Boolean threadSafe = f.get(StepKeys.THREAD_SAFE, n -> Values.bool(n, StepKeys.THREAD_SAFE, problems));
        List<String> resources = f.get(StepKeys.RESOURCES, n -> Values.strings(n, StepKeys.RESOURCES, problems));
        Step.Limits none = Step.Limits.NONE;
        return new Step.Limits(timeout, retries != null ? retries : none.retries(), retryDelay,
                requiresProcess != null ? requiresProcess : none.requiresProcess(),
                threadSafe != null ? threadSafe : none.threadSafe(), resources != null ? resources : none.resources());
    }

    /** Where {@code key} is written: in the step, else in {@code defaults}. */
    private static Optional<Position> keyPosition(YamlNode.Mapping mapping, Optional<YamlNode.Mapping> defaults, String key) {
        return mapping.entry(key).or(() -> defaults.flatMap(d -> d.entry(key))).map(YamlNode.Entry::keyPosition);
    }

    /** Checks the values of a {@code defaults} block once, so a bad default is reported even with no steps. */
    void checkDefaults(YamlNode.Mapping defaults) {
        for (YamlNode.Entry e : defaults.entries()) {
            if (StepKeys.NOT_IN_DEFAULTS.contains(e.key())) {
                problems.add(e.keyPosition(), "'" + e.key() + "' cannot be a default: it belongs to one step"
                        + " (defaults may set: " + String.join(", ", StepKeys.defaultable()) + ")");
            } else if (!StepKeys.isKnown(e.key())) {
                problems.add(e.keyPosition(), "unknown key '" + Values.clip(e.key()) + "' in defaults"
                        + Suggestions.hint(e.key(), StepKeys.defaultable(), "keys"));
            } else if (e.key().equals(StepKeys.TYPE)) {
                type(e.value());
            }
        }
    }

    private void checkKeys(YamlNode.Mapping mapping, StepType type, String label) {
        for (YamlNode.Entry e : mapping.entries()) {
            String key = e.key();
            if (!StepKeys.isKnown(key)) {
                problems.add(e.keyPosition(), "unknown key '" + Values.clip(key) + "' in " + label
                        + Suggestions.hint(key, StepKeys.all(), "keys"));
            } else if (type != null && !StepKeys.isFor(key, type)) {
                problems.add(e.keyPosition(), "key '" + key + "' is for " + StepKeys.typesOf(key) + " steps, but "
                        + label + " is a " + type.yamlName() + " step");
            }
        }
    }

    /** The step's own values, then the defaults it omits (skipping defaults meant for other step types). */
    private static Map<String, YamlNode> effectiveValues(YamlNode.Mapping mapping, Optional<YamlNode.Mapping> defaults,
                                                         StepType type) {
        Map<String, YamlNode> values = new LinkedHashMap<>();
        for (YamlNode.Entry e : mapping.entries()) {
            if (StepKeys.isKnown(e.key()) && (type == null || StepKeys.isFor(e.key(), type))) {
                values.put(e.key(), e.value());
            }
        }
        defaults.ifPresent(d -> d.entries().forEach(e -> {
            boolean applies = StepKeys.isKnown(e.key()) && !StepKeys.NOT_IN_DEFAULTS.contains(e.key())
                    && (type == null || StepKeys.isFor(e.key(), type));
            if (applies) {
                values.putIfAbsent(e.key(), e.value());
            }
        }));
        return values;
    }

    private Optional<StepType> type(YamlNode node) {
        return Values.string(node, StepKeys.TYPE, problems).flatMap(text -> {
            for (StepType t : StepType.values()) {
                if (t.yamlName().equals(text)) {
                    return Optional.of(t);
                }
            }
            problems.add(node.position(), "unknown step type '" + text + "'; expected java, python or shell"
                    + Suggestions.nearest(text.toLowerCase(Locale.ROOT), List.of("java", "python", "shell"))
                            .map(n -> " (did you mean '" + n + "'?)").orElse(""));
            return Optional.empty();
        });
    }

    /** {@code args}: a mapping whose values are scalars or lists of scalars, in file order. */
    private Optional<ObjectNode> args(YamlNode node) {
        Optional<YamlNode.Mapping> mapping = Values.mapping(node, StepKeys.ARGS, problems);
        mapping.ifPresent(m -> m.entries().forEach(e -> {
            boolean ok = Values.isPlainScalar(e.value()) || e.value() instanceof YamlNode.Sequence seq
                    && seq.items().stream().allMatch(Values::isPlainScalar);
            if (!ok) {
                Values.wrong(e.value(), "a value or a list of values", "the value of args '" + Values.clip(e.key()) + "'", problems);
            } else {
                List<YamlNode> values = e.value() instanceof YamlNode.Sequence seq ? seq.items() : List.of(e.value());
                values.forEach(v -> fitsAProcess(v, "args '" + Values.clip(e.key()) + "'"));
            }
        }));
        return mapping.map(YamlNode.Mapping::toJson);
    }

    private Optional<Success> success(YamlNode node) {
        return Values.mapping(node, StepKeys.SUCCESS, problems).map(m -> {
            List<String> files = List.of();
            List<String> keys = List.of();
            for (YamlNode.Entry e : m.entries()) {
                switch (e.key()) {
                    case "files_exist" -> files = Values.stringItems(e.value(), "files_exist", problems)
                            .map(items -> items.stream()
                                    .filter(s -> workspace.confined(s.value().asText(), s.position(), problems))
                                    .map(s -> s.value().asText()).toList())
                            .orElse(List.of());
                    case "ctx_has_keys" -> keys = Values.strings(e.value(), "ctx_has_keys", problems).orElse(List.of());
                    default -> problems.add(e.keyPosition(), "unknown key '" + Values.clip(e.key()) + "' in success"
                            + Suggestions.hint(e.key(), StepKeys.SUCCESS_KEYS, "keys"));
                }
            }
            return new Success(files, keys);
        });
    }

    /**
     * Whether a value that becomes one process argument or variable fits: the kernel refuses a single one
     * over 128 KiB, and every step's process starts with all of them.
     */
    private boolean fitsAProcess(YamlNode value, String what) {
        int bytes = value.toJson().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_PROCESS_VALUE_BYTES) {
            problems.add(value.position(), "expected at most " + MAX_PROCESS_VALUE_BYTES + " bytes for the value of "
                    + what + " (it is passed to the step's process), found " + bytes + "; put large data in a file");
            return false;
        }
        return true;
    }

    /** {@code env}: names to scalar values, kept as their text. */
    private Optional<Map<String, String>> env(YamlNode node) {
        return Values.mapping(node, StepKeys.ENV, problems).map(m -> {
            Map<String, String> env = new LinkedHashMap<>();
            for (YamlNode.Entry e : m.entries()) {
                if (!ENV_NAME.matcher(e.key()).matches()) {
                    problems.add(e.keyPosition(), "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) as a key"
                            + " of 'env', found '" + Values.clip(e.key()) + "'");
                } else if (!Values.isPlainScalar(e.value())) {
                    Values.wrong(e.value(), "a string, number or boolean", "the value of env '" + e.key() + "'", problems);
                } else if (fitsAProcess(e.value(), "env '" + e.key() + "'")) {
                    env.put(e.key(), e.value().toJson().asText());
                }
            }
            return env;
        });
    }

    /** The effective values of one step, read one key at a time. */
    private record Fields(Map<String, YamlNode> values) {

        <T> T get(String key, Function<YamlNode, Optional<T>> reader) {
            YamlNode node = values.get(key);
            return node == null ? null : reader.apply(node).orElse(null);
        }
    }
}
