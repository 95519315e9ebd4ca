package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One step of a recipe, after {@code defaults} are applied and order rules resolved.
 *
 * <p>Collections are immutable. The JSON nodes ({@code args}, {@code params}) must not be mutated by callers.
 *
 * @param idx             unique integer of the step within its recipe
 * @param name            unique snake_case name; the test's display name
 * @param type            what kind of scriptlet runs
 * @param cmd             shell: the script path, workspace-relative; otherwise null
 * @param module          python: dotted module under the workspace; otherwise null
 * @param function        python: the {@code BaseScriptlet} subclass or function in {@code module}; otherwise null
 * @param className       java: fully qualified class name of a {@code BaseScriptlet}; otherwise null
 * @param args            {@code args} mapping in file order (become {@code --key value} flags); empty if absent
 * @param params          {@code params} object (reaches {@code run(ctx, params)}); empty if absent
 * @param dependsOn       the names this step waits for, resolved by the order rules (explicit
 *                        {@code depends_on}, else the previous step or every step of the previous
 *                        {@code parallel} group, else nothing for the first step)
 * @param parallelGroup   0-based index of the {@code parallel} group the step belongs to, or null
 * @param success         success criteria; {@link Success#NONE} if absent
 * @param tags            the step's own tags (not including the recipe's)
 * @param timeout         null when none
 * @param retries         extra attempts after a failure (0 = none)
 * @param retryDelay      pause between attempts; {@link Duration#ZERO} if absent
 * @param requiresProcess java: run in a separate JVM
 * @param threadSafe      false: never runs beside another step
 * @param resources       names of resources the step holds exclusively while it runs
 * @param env             extra environment for process steps
 * @param when            a ctx key that must be truthy for the step to run, or null
 * @param description     free text, or null
 * @param position        where the step's mapping starts (its first key, e.g. {@code idx})
 */
@API(status = INTERNAL)
public record Step(
        int idx,
        String name,
        StepType type,
        String cmd,
        String module,
        String function,
        String className,
        ObjectNode args,
        ObjectNode params,
        List<String> dependsOn,
        Integer parallelGroup,
        Success success,
        List<String> tags,
        Duration timeout,
        int retries,
        Duration retryDelay,
        boolean requiresProcess,
        boolean threadSafe,
        List<String> resources,
        Map<String, String> env,
        String when,
        String description,
        Position position) {

    public Step {
        dependsOn = List.copyOf(dependsOn);
        tags = List.copyOf(tags);
        resources = List.copyOf(resources);
        env = Map.copyOf(env);
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
