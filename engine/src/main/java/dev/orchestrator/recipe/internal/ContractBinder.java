package dev.orchestrator.recipe.internal;

import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepContract;
import dev.orchestrator.scriptlet.internal.CtxKeyDeclarations;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a step's ctx contract (docs/contracts.md): its {@code reads:} and {@code writes:} lists, each a list of
 * top-level ctx keys, else what its scriptlet declares (the Java class's {@code @ScriptletDoc(reads, writes)}, the
 * {@code Reads:} / {@code Writes:} blocks of a Python docstring or a shell header). A list in the recipe wins over
 * the scriptlet's for that list. One per recipe load: each scriptlet's declaration is read once.
 */
final class ContractBinder {

    private final WorkspaceChecks workspace;
    private final Problems problems;
    private final Map<String, CtxKeyDeclarations.Declared> declared = new HashMap<>();

    ContractBinder(WorkspaceChecks workspace, Problems problems) {
        this.workspace = workspace;
        this.problems = problems;
    }

    /**
     * @param mapping     the step's own mapping ({@code reads}/{@code writes} cannot be defaults)
     * @param target      what the step runs; null when it could not be read
     * @param scriptletAt where the step names its scriptlet ({@code class:}, {@code module:}, {@code cmd:}), or
     *                    null: where the scriptlet's declared keys are reported
     */
    StepContract bind(YamlNode.Mapping mapping, Step.Target target, Position scriptletAt, String label) {
        Optional<YamlNode.Entry> readsEntry = mapping.entry(StepKeys.READS);
        Optional<YamlNode.Entry> writesEntry = mapping.entry(StepKeys.WRITES);
        CtxKeyDeclarations.Declared scriptlet = target != null && scriptletAt != null
                && (readsEntry.isEmpty() || writesEntry.isEmpty())
                ? scriptletDeclaration(target, scriptletAt) : CtxKeyDeclarations.Declared.NONE;
        Map<String, Position> readAt = new LinkedHashMap<>();
        Map<String, Position> writeAt = new LinkedHashMap<>();
        Position reads = list(readsEntry, scriptlet.reads(), scriptletAt, readAt, label);
        Position writes = list(writesEntry, scriptlet.writes(), scriptletAt, writeAt, label);
        if (reads == null && writes == null) {
            return StepContract.NONE;
        }
        return new StepContract(List.copyOf(readAt.keySet()), List.copyOf(writeAt.keySet()),
                new StepContract.Declared(reads, writes, readAt, writeAt));
    }

    /** Fills {@code keys} from the recipe's list, else the scriptlet's; returns where it is declared, or null. */
    private Position list(Optional<YamlNode.Entry> entry, Optional<List<String>> fromScriptlet, Position scriptletAt,
                          Map<String, Position> keys, String label) {
        if (entry.isPresent()) {
            String key = entry.get().key();
            Optional<List<YamlNode.Scalar>> items = Values.stringItems(entry.get().value(), key, problems);
            if (items.isEmpty()) {
                return null; // reported by stringItems
            }
            for (YamlNode.Scalar item : items.get()) {
                String name = item.value().asText();
                if (keys.containsKey(name)) {
                    problems.add(item.position(), "ctx key '" + Values.clip(name) + "' is listed twice in " + key
                            + " of " + label);
                } else if (storable(name, key, item.position())) {
                    keys.put(name, item.position());
                }
            }
            return entry.get().keyPosition();
        }
        if (fromScriptlet.isPresent()) {
            fromScriptlet.get().forEach(k -> keys.put(k, scriptletAt));
            return scriptletAt;
        }
        return null;
    }

    private boolean storable(String name, String key, Position at) {
        if (name.isEmpty()) {
            problems.add(at, "expected a ctx key in '" + key + "', found an empty string");
            return false;
        }
        try {
            Context.checkStorable(name, null);
            return true;
        } catch (IllegalArgumentException e) {
            problems.add(at, "expected a ctx key in '" + key + "': " + e.getMessage());
            return false;
        }
    }

    private CtxKeyDeclarations.Declared scriptletDeclaration(Step.Target target, Position at) {
        String ref = switch (target.type()) {
            case JAVA -> target.className();
            case PYTHON -> target.module();
            case SHELL -> target.cmd();
        };
        if (ref == null) {
            return CtxKeyDeclarations.Declared.NONE; // not readable: reported where it is read
        }
        String id = target.type() + " " + target.scriptletId();
        CtxKeyDeclarations.Declared known = declared.get(id);
        if (known != null) {
            return known;
        }
        try {
            known = switch (target.type()) {
                case JAVA -> workspace.loadedClass(target.className()).map(CtxKeyDeclarations::ofClass)
                        .orElse(CtxKeyDeclarations.Declared.NONE);
                case PYTHON -> workspace.pythonSource(target.module()).map(CtxKeyDeclarations::ofPython)
                        .orElse(CtxKeyDeclarations.Declared.NONE);
                case SHELL -> workspace.scriptSource(target.cmd()).map(CtxKeyDeclarations::ofShell)
                        .orElse(CtxKeyDeclarations.Declared.NONE);
            };
        } catch (IllegalArgumentException malformed) {
            problems.add(at, target.type().yamlName() + " scriptlet '" + target.scriptletId()
                    + "' declares its ctx keys wrongly: " + malformed.getMessage());
            known = CtxKeyDeclarations.Declared.NONE;
        }
        declared.put(id, known);
        return known;
    }
}
