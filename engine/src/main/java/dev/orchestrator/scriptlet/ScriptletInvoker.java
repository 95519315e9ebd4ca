package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.internal.ParamDeclarations;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Creates and calls Java scriptlets; used by the engine and by {@link ScriptletCli}, so that a scriptlet
 * behaves the same in a recipe and on the command line.
 */
@API(status = INTERNAL)
public final class ScriptletInvoker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptletInvoker() {
    }

    /**
     * A new instance of {@code className}.
     *
     * @throws InvalidParamsException if the class is missing, not a {@link BaseScriptlet}, or has no public
     *                                no-argument constructor; the message says which
     */
    public static BaseScriptlet instantiate(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidParamsException("scriptlet class " + className + " not found on the classpath: " + e);
        }
        if (!BaseScriptlet.class.isAssignableFrom(type)) {
            throw new InvalidParamsException(
                    "scriptlet class " + className + " does not extend " + BaseScriptlet.class.getName());
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new InvalidParamsException("scriptlet class " + className + " is abstract");
        }
        try {
            return (BaseScriptlet) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new InvalidParamsException(
                    "scriptlet class " + className + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructor of " + className + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className + ": " + e, e);
        }
    }

    /**
     * Calls {@code validate} then {@code run} with {@code log} and {@code workspace} attached. When the class
     * declares its parameters ({@link ScriptletDoc#params()}), {@code params} is first checked against them
     * (unknown, missing required, wrong type: {@link InvalidParamsException}) and absent ones get their defaults.
     *
     * @return the result as JSON ({@code NullNode} for {@code null})
     * @throws InvalidParamsException from the declared-parameter check, {@code validate} or {@code run}
     * @throws Exception              whatever {@code run} throws
     */
    public static JsonNode invoke(BaseScriptlet scriptlet, Context ctx, Params params, StepLog log, Path workspace)
            throws Exception {
        scriptlet.attach(log, workspace);
        try {
            Params checked = ParamDeclarations.ofClass(scriptlet.getClass())
                    .map(declared -> Params.of(ParamCheck.check(declared, params.asJson())))
                    .orElse(params);
            scriptlet.validate(ctx, checked);
            Object result = scriptlet.run(ctx, checked);
            return toJson(result);
        } finally {
            scriptlet.attach(StepLog.NONE, workspace);
        }
    }

    /**
     * Gives {@code scriptlet} the run-wide state (see {@link BaseScriptlet#globalState()}, which hands out copies);
     * {@code state} must not change afterwards (the engine passes {@code GlobalState.frozenJson()}).
     */
    public static void attachGlobalState(BaseScriptlet scriptlet, ObjectNode state) {
        scriptlet.attachGlobalState(state);
    }

    private static JsonNode toJson(Object result) {
        if (result == null) {
            return NullNode.getInstance();
        }
        try {
            return JSON.valueToTree(result);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the scriptlet's result (" + result.getClass().getName() + ") cannot be written as JSON: "
                            + e.getMessage(), e);
        }
    }
}
