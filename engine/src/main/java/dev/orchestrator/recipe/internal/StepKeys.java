package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.StepType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The keys a step may have, and the step types a type-specific key belongs to. Immutable. */
final class StepKeys {

    static final String IDX = "idx";
    static final String NAME = "name";
    static final String TYPE = "type";
    static final String CMD = "cmd";
    static final String MODULE = "module";
    static final String FUNCTION = "function";
    static final String CLASS = "class";
    static final String SOURCE = "source";
    static final String ARGS = "args";
    static final String PARAMS = "params";
    static final String DEPENDS_ON = "depends_on";
    static final String SUCCESS = "success";
    static final String TAGS = "tags";
    static final String TIMEOUT = "timeout";
    static final String RETRIES = "retries";
    static final String RETRY_DELAY = "retry_delay";
    static final String REQUIRES_PROCESS = "requires_process";
    static final String THREAD_SAFE = "thread_safe";
    static final String RESOURCES = "resources";
    static final String ENV = "env";
    static final String WHEN = "when";
    static final String DESCRIPTION = "description";
    static final String PARALLEL = "parallel";
    static final String READS = "reads";
    static final String WRITES = "writes";
    static final String CACHE = "cache";
    static final String SERVICE = "service";

    /** Every step key in the order messages list them; the value is the types it is for (all if every type). */
    private static final Map<String, Set<StepType>> KEYS = keys();

    /**
     * Keys a {@code defaults} block may not set: they identify or place one step, or state what one step does
     * with the ctx (the same writes on every step would make every pair of parallel steps conflict).
     */
    static final Set<String> NOT_IN_DEFAULTS = Set.of(IDX, NAME, PARALLEL, READS, WRITES, SERVICE);

    static final List<String> SUCCESS_KEYS = List.of("files_exist", "ctx_has_keys");

    private StepKeys() {
    }

    private static Map<String, Set<StepType>> keys() {
        Set<StepType> all = EnumSet.allOf(StepType.class);
        Map<String, Set<StepType>> keys = new LinkedHashMap<>();
        keys.put(IDX, all);
        keys.put(NAME, all);
        keys.put(TYPE, all);
        keys.put(CMD, EnumSet.of(StepType.SHELL));
        keys.put(MODULE, EnumSet.of(StepType.PYTHON));
        keys.put(FUNCTION, EnumSet.of(StepType.PYTHON));
        keys.put(CLASS, EnumSet.of(StepType.JAVA));
        keys.put(SOURCE, EnumSet.of(StepType.JAVA));
        keys.put(ARGS, all);
        keys.put(PARAMS, all);
        keys.put(DEPENDS_ON, all);
        keys.put(SUCCESS, all);
        keys.put(TAGS, all);
        keys.put(TIMEOUT, all);
        keys.put(RETRIES, all);
        keys.put(RETRY_DELAY, all);
        keys.put(REQUIRES_PROCESS, EnumSet.of(StepType.JAVA, StepType.PYTHON));
        keys.put(THREAD_SAFE, all);
        keys.put(RESOURCES, all);
        keys.put(ENV, all);
        keys.put(WHEN, all);
        keys.put(DESCRIPTION, all);
        keys.put(READS, all);
        keys.put(WRITES, all);
        keys.put(CACHE, all);
        keys.put(SERVICE, all); // java only with requires_process: checked by ServiceBinder
        keys.replaceAll((k, v) -> Set.copyOf(v));
        return Collections.unmodifiableMap(keys);
    }

    /** Every step key, in catalogue order. */
    static List<String> all() {
        return List.copyOf(KEYS.keySet());
    }

    /** The keys a {@code defaults} block may set. */
    static List<String> defaultable() {
        return KEYS.keySet().stream().filter(k -> !NOT_IN_DEFAULTS.contains(k)).toList();
    }

    /** Whether {@code key} is a step key ({@code parallel} is not: it only forms a group). */
    static boolean isKnown(String key) {
        return KEYS.containsKey(key);
    }

    /** Whether {@code key} may appear on a step of {@code type}. */
    static boolean isFor(String key, StepType type) {
        return KEYS.getOrDefault(key, Set.of()).contains(type);
    }

    /** The type a type-specific key belongs to, for messages: {@code shell}. */
    static String typesOf(String key) {
        return String.join("/", KEYS.get(key).stream().sorted().map(StepType::yamlName).toList());
    }

    /**
     * The keys a step of {@code type} must have besides idx, name and type, given the keys it has: a java step
     * needs {@code class}, unless it names its {@code source}.
     */
    static List<String> requiredFor(StepType type, java.util.Collection<String> present) {
        return type == StepType.JAVA && present.contains(SOURCE) ? List.of() : requiredFor(type);
    }

    /** The keys a step of {@code type} must have besides idx, name and type. */
    static List<String> requiredFor(StepType type) {
        return switch (type) {
            case SHELL -> List.of(CMD);
            case PYTHON -> List.of(MODULE, FUNCTION);
            case JAVA -> List.of(CLASS);
        };
    }
}
