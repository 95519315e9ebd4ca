package dev.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.recipe.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of a process step: the only thing that differs between shell, python and java
 * ({@code requires_process}) steps. Everything else (the bridge, logs, timeouts) is {@link ProcessRunner}'s.
 */
final class LaunchSpec {

    /** The class a child JVM runs for a {@code type: java, requires_process: true} step. */
    static final String JAVA_BRIDGE = "dev.orchestrator.scriptlet.ProcessBridge";

    private LaunchSpec() {
    }

    static List<String> commandFor(Step step, RunSettings settings) {
        List<String> command = new ArrayList<>();
        switch (step.type()) {
            case SHELL -> {
                command.add("bash");
                command.add(settings.workspace().resolve(step.cmd()).normalize().toString());
            }
            case PYTHON -> {
                command.add(settings.python());
                command.addAll(List.of("-m", "scriptlets.python.core.bridge",
                        "--module", step.module(), "--function", step.function()));
            }
            case JAVA -> {
                command.add(settings.javaCommand());
                command.add("-cp");
                command.add(String.join(java.io.File.pathSeparator, settings.classPath()));
                command.addAll(List.of(JAVA_BRIDGE, "--class", step.className()));
            }
        }
        if (step.type() != dev.orchestrator.recipe.StepType.PYTHON) {
            command.addAll(flags(step.args()));
        }
        return command;
    }

    /**
     * {@code args} as argv items: {@code --key value}; a list repeats the flag; null is left out. Never a
     * shell string, so values with spaces or quotes arrive unchanged.
     */
    static List<String> flags(ObjectNode args) {
        List<String> argv = new ArrayList<>();
        if (args == null) {
            return argv;
        }
        for (Map.Entry<String, JsonNode> arg : args.properties()) {
            JsonNode value = arg.getValue();
            if (value.isArray()) {
                value.forEach(item -> {
                    argv.add("--" + arg.getKey());
                    argv.add(item.asText());
                });
            } else if (!value.isNull()) {
                argv.add("--" + arg.getKey());
                argv.add(value.isValueNode() ? value.asText() : value.toString());
            }
        }
        return argv;
    }
}
