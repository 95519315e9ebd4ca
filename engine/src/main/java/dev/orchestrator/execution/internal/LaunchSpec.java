package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.recipe.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of a process step: the only thing that differs between shell, python and java
 * ({@code requires_process}) steps. Everything else is {@link ProcessLaunch}'s (the bridge, the environment,
 * the start) and {@link ProcessRunner}'s (logs, timeouts).
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
                command.add(settings.workspace().resolve(step.target().cmd()).normalize().toString());
            }
            case PYTHON -> {
                command.add(settings.python());
                command.addAll(List.of("-m", "scriptlets.python.core.bridge",
                        "--module", step.target().module(), "--function", step.target().function()));
            }
            case JAVA -> {
                command.add(settings.javaCommand());
                command.add("-cp");
                command.add(String.join(java.io.File.pathSeparator, classPath(step, settings)));
                command.addAll(List.of(JAVA_BRIDGE, "--class", step.target().className()));
            }
        }
        if (step.type() != dev.orchestrator.recipe.StepType.PYTHON) {
            command.addAll(flags(step.target().args()));
        }
        return command;
    }

    /** The child JVM's class path: the engine's, and the compiled classes of a {@code source:} step. */
    private static List<String> classPath(Step step, RunSettings settings) {
        if (step.target().source() == null) {
            return settings.classPath();
        }
        List<String> entries = new ArrayList<>(settings.classPath());
        try {
            entries.add(dev.orchestrator.scriptlet.internal.JavaSources.compile(settings.workspace(), step.target().source(),
                    dev.orchestrator.scriptlet.internal.ScriptletClassPath.forCompiling(settings.classLoader())).classes().toString());
        } catch (dev.orchestrator.scriptlet.internal.JavaSources.CompileException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return entries;
    }

    /**
     * {@code command} with its program found on the JVM's {@code PATH} (as {@link ProcessBuilder} would), so
     * that a missing interpreter is reported as "cannot start" even when a launch wrapper runs it.
     *
     * @throws java.io.IOException when a bare program name is on no {@code PATH} entry
     */
    static List<String> resolved(List<String> command, java.nio.file.Path directory) throws java.io.IOException {
        String program = command.get(0);
        if (program.contains("/")) {
            if (!java.nio.file.Files.isExecutable(directory.resolve(program))) {
                throw notFound(program);
            }
            return command;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(java.io.File.pathSeparator)) {
            java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, program);
            if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) {
                List<String> resolved = new ArrayList<>(command);
                resolved.set(0, candidate.toAbsolutePath().toString());
                return resolved;
            }
        }
        throw notFound(program);
    }

    private static java.io.IOException notFound(String program) {
        return new java.io.IOException("Cannot run program \"" + program + "\": error=2, No such file or directory");
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
