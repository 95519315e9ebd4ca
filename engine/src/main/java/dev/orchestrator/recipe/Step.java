package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One step of a recipe, after {@code defaults} are applied and order rules resolved: who it is ({@code idx},
 * {@code name}), what runs ({@link Target}), when it runs ({@link Scheduling}), within which limits
 * ({@link Limits}) and what counts as success ({@link Success}).
 *
 * <p>Collections are immutable. The JSON nodes ({@code args}, {@code params}) must not be mutated by callers.
 *
 * @param idx         unique integer of the step within its recipe
 * @param name        unique snake_case name; the test's display name
 * @param target      what runs; never null
 * @param scheduling  when it runs; never null
 * @param limits      its timeout, retries and what it needs to itself; never null
 * @param success     success criteria; {@link Success#NONE} if absent
 * @param description free text, or null
 * @param position    where the step's mapping starts (its first key, e.g. {@code idx})
 * @param cache       whether and how the step's result is reused ({@code cache:}); {@link StepCache#NONE} if absent
 * @param service     whether the step starts a long-running service ({@code service:}); {@link StepService#NONE}
 *                    if absent
 * @param contract    the ctx keys the step reads and writes ({@code reads:}, {@code writes:});
 *                    {@link StepContract#NONE} if absent
 */
@API(status = EXPERIMENTAL)
public record Step(int idx, String name, Target target, Scheduling scheduling, Limits limits, Success success,
                   String description, Position position, StepCache cache, StepService service,
                   StepContract contract) {

    public Step {
        Objects.requireNonNull(target, "target");
        cache = cache != null ? cache : StepCache.NONE;
        service = service != null ? service : StepService.NONE;
        contract = contract != null ? contract : StepContract.NONE;
        Objects.requireNonNull(scheduling, "scheduling");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(success, "success");
    }

    /** A step without {@code cache:}, {@code service:}, {@code reads:} or {@code writes:}. */
    public Step(int idx, String name, Target target, Scheduling scheduling, Limits limits, Success success,
                String description, Position position) {
        this(idx, name, target, scheduling, limits, success, description, position, StepCache.NONE, StepService.NONE,
                StepContract.NONE);
    }

    /** What kind of scriptlet runs: a shortcut for {@code target().type()}. */
    public StepType type() {
        return target.type();
    }

    /** What the step runs, for messages and reports: a shortcut for {@link Target#scriptletId()}. */
    public String scriptletId() {
        return target.scriptletId();
    }

    /** Whether the step runs on a thread of this JVM: a java step without {@code requires_process}. */
    public boolean runsInProcess() {
        return target.type() == StepType.JAVA && !limits.requiresProcess();
    }

    /** This step waiting for {@code dependsOn} (the order rules' result). */
    public Step withDependsOn(List<String> dependsOn) {
        return new Step(idx, name, target, scheduling.withDependsOn(dependsOn), limits, success, description, position,
                cache, service, contract);
    }

    /** This step with {@code cache} instead of its own. */
    public Step withCache(StepCache cache) {
        return new Step(idx, name, target, scheduling, limits, success, description, position, cache, service, contract);
    }

    /** This step with {@code service} instead of its own. */
    public Step withService(StepService service) {
        return new Step(idx, name, target, scheduling, limits, success, description, position, cache, service, contract);
    }

    /** This step with {@code contract} instead of its own. */
    public Step withContract(StepContract contract) {
        return new Step(idx, name, target, scheduling, limits, success, description, position, cache, service, contract);
    }

    /**
     * What runs: the scriptlet and what it is given.
     *
     * @param type      what kind of scriptlet runs
     * @param cmd       shell: the script path, workspace-relative; otherwise null
     * @param module    python: dotted module under the workspace; otherwise null
     * @param function  python: the {@code BaseScriptlet} subclass or function in {@code module}; otherwise null
     * @param className java: fully qualified class name of a {@code BaseScriptlet}; otherwise null
     * @param args      {@code args} mapping in file order (become {@code --key value} flags); empty if absent
     * @param params    {@code params} object (reaches {@code run(ctx, params)}); empty if absent
     * @param env       extra environment for process steps; empty if absent
     * @param source    java: the workspace-relative {@code .java} file compiled at discovery (then {@code className}
     *                  is its class); otherwise null
     */
    public record Target(StepType type, String cmd, String module, String function, String className,
                         ObjectNode args, ObjectNode params, Map<String, String> env, String source) {

        public Target {
            Objects.requireNonNull(type, "type");
            args = args != null ? args : JsonNodeFactory.instance.objectNode();
            params = params != null ? params : JsonNodeFactory.instance.objectNode();
            env = env != null ? Map.copyOf(env) : Map.of();
        }

        /** A target whose scriptlet is not compiled from a {@code source:} file. */
        public Target(StepType type, String cmd, String module, String function, String className,
                      ObjectNode args, ObjectNode params, Map<String, String> env) {
            this(type, cmd, module, function, className, args, params, env, null);
        }

        /** A java step's target: {@code className} with {@code params}, no args, no env. */
        public static Target java(String className, ObjectNode params) {
            return new Target(StepType.JAVA, null, null, null, className, null, params, null);
        }

        /** What the step runs, for messages and reports: the class, module:function or script. */
        public String scriptletId() {
            return switch (type) {
                case JAVA -> className;
                case PYTHON -> module + ":" + function;
                case SHELL -> cmd;
            };
        }
    }

    /**
     * When the step runs.
     *
     * @param dependsOn     the names this step waits for, resolved by the order rules (explicit {@code depends_on},
     *                      else the previous step or every step of the previous {@code parallel} group, else
     *                      nothing for the first step)
     * @param when          a ctx key that must be truthy for the step to run, or null
     * @param parallelGroup 0-based index of the {@code parallel} group the step belongs to, or null
     * @param tags          the step's own tags (not including the recipe's)
     */
    public record Scheduling(List<String> dependsOn, String when, Integer parallelGroup, List<String> tags) {

        /** No dependencies, no condition, no group, no tags. */
        public static final Scheduling NONE = new Scheduling(List.of(), null, null, List.of());

        public Scheduling {
            dependsOn = List.copyOf(dependsOn);
            tags = List.copyOf(tags);
        }

        public Scheduling withDependsOn(List<String> names) {
            return new Scheduling(names, when, parallelGroup, tags);
        }
    }

    /**
     * Limits and retries: how long, how often, and what the step needs to itself.
     *
     * @param timeout         null when none
     * @param retries         extra attempts after a failure (0 = none)
     * @param retryDelay      pause between attempts; {@link Duration#ZERO} if absent
     * @param requiresProcess java: run in a separate JVM
     * @param threadSafe      false: never runs beside another step
     * @param resources       names of resources the step holds exclusively while it runs
     */
    public record Limits(Duration timeout, int retries, Duration retryDelay, boolean requiresProcess,
                         boolean threadSafe, List<String> resources) {

        /** No timeout, no retries, in process, thread-safe, no resources: what a step without these keys gets. */
        public static final Limits NONE = new Limits(null, 0, Duration.ZERO, false, true, List.of());

        public Limits {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative: " + retries);
            }
            retryDelay = retryDelay != null ? retryDelay : Duration.ZERO;
            resources = List.copyOf(resources);
        }

        /** The most attempts a step makes: the first and its retries. */
        public int maxAttempts() {
            return 1 + retries;
        }
    }
}
