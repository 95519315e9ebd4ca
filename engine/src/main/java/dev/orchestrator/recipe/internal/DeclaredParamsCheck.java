package dev.orchestrator.recipe.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.StepType;
import dev.orchestrator.scriptlet.internal.DeclaredParam;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.internal.ParamDeclarations;
import dev.orchestrator.scriptlet.ParamType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a step's {@code params} (Java, Python) or {@code args} (shell) against the parameters its scriptlet
 * declares ({@code docs/scriptlet-params.md}), before anything runs: an unknown key (with the nearest declared
 * name), a missing required one or a value of the wrong type is a problem at the offending key, or at
 * {@code params:} for a missing one. The declaration is read without running the scriptlet: the Python module's
 * docstring, the shell script's header, the Java class's annotation. A scriptlet that declares nothing is not
 * checked. One per recipe load: each scriptlet's declaration is read once, however many steps use it.
 */
final class DeclaredParamsCheck {

    private final WorkspaceChecks workspace;
    private final Problems problems;
    private final Map<String, Optional<List<DeclaredParam>>> declared = new HashMap<>();

    DeclaredParamsCheck(WorkspaceChecks workspace, Problems problems) {
        this.workspace = workspace;
        this.problems = problems;
    }

    /**
     * @param scriptlet the step's class, module or script, already checked to exist
     * @param at        where the scriptlet is named (problems with its declaration are reported there)
     * @param values    the step's {@code params} or {@code args} node; null when absent
     * @param missingAt where a missing required parameter is reported: the {@code params:}/{@code args:} key, or the step
     */
    void check(StepType type, String scriptlet, Position at, YamlNode values, Position missingAt, String label) {
        Optional<List<DeclaredParam>> declared;
        try {
            declared = declarations(type, scriptlet);
        } catch (IllegalArgumentException malformed) {
            problems.add(at, type.yamlName() + " scriptlet '" + scriptlet + "' declares its parameters wrongly: "
                    + malformed.getMessage());
            return;
        }
        if (declared.isEmpty() || values != null && !(values instanceof YamlNode.Mapping)) {
            return; // not a mapping: reported where params/args are read
        }
        String what = type == StepType.SHELL ? StepKeys.ARGS : StepKeys.PARAMS;
        List<DeclaredParam> params = declared.get();
        List<String> names = params.stream().map(DeclaredParam::name).toList();
        YamlNode.Mapping mapping = (YamlNode.Mapping) values;
        if (mapping != null) {
            for (YamlNode.Entry e : mapping.entries()) {
                Optional<DeclaredParam> param = params.stream().filter(p -> p.name().equals(e.key())).findFirst();
                if (param.isEmpty()) {
                    problems.add(e.keyPosition(), "unknown parameter '" + Values.clip(e.key()) + "' in " + what
                            + " of " + label + ": " + scriptlet + " does not declare it"
                            + Suggestions.hint(e.key(), names, "parameters"));
                } else if (!e.value().toJson().isNull()) {
                    String problem = typeProblem(type, param.get(), e.value());
                    if (problem != null) {
                        problems.add(e.keyPosition(), "parameter '" + e.key() + "' in " + what + " of " + label
                                + " must be " + param.get().typeName() + ", found " + problem);
                    }
                }
            }
        }
        for (DeclaredParam param : params) {
            boolean given = mapping != null && mapping.get(param.name()).filter(v -> !v.toJson().isNull()).isPresent();
            if (param.required() && !given) {
                problems.add(missingAt, "missing required parameter '" + param.name() + "' (" + param.typeName()
                        + ") in " + what + " of " + label + ": " + scriptlet + " requires it");
            }
        }
    }

    private Optional<List<DeclaredParam>> declarations(StepType type, String scriptlet) {
        String key = type + " " + scriptlet;
        Optional<List<DeclaredParam>> known = declared.get(key);
        if (known == null) {
            known = read(type, scriptlet); // a malformed declaration throws, and is read (and reported) again
            declared.put(key, known);
        }
        return known;
    }

    private Optional<List<DeclaredParam>> read(StepType type, String scriptlet) {
        return switch (type) {
            case JAVA -> workspace.loadedClass(scriptlet).flatMap(ParamDeclarations::ofClass);
            case PYTHON -> workspace.pythonSource(scriptlet).flatMap(ParamDeclarations::ofPython);
            case SHELL -> workspace.scriptSource(scriptlet).flatMap(ParamDeclarations::ofShell);
        };
    }

    /**
     * Null when {@code value} fits; else how it is described. A shell step's args become text on its command
     * line (a list repeats the flag), so there the text must read as the type, as the script will read it.
     */
    private static String typeProblem(StepType type, DeclaredParam param, YamlNode value) {
        JsonNode json = value.toJson();
        if (type != StepType.SHELL) {
            return ParamDeclarations.hasType(param.type(), json) ? null : value.describe();
        }
        if (json.isArray() && param.type() != ParamType.LIST) {
            return "a list (a shell parameter of type " + param.typeName() + " takes one value)";
        }
        for (JsonNode item : json.isArray() ? json : List.of(json)) {
            try {
                ParamDeclarations.fromText(param, item.asText());
            } catch (InvalidParamsException e) {
                return "'" + Values.clip(item.asText()) + "'";
            }
        }
        return null;
    }
}
