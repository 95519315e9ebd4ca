package dev.orchestrator.scriptlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.scriptlet.internal.DeclaredParam;
import dev.orchestrator.scriptlet.internal.ParamDeclarations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks a step's params against its declared parameters before {@code validate} and {@code run}: the same
 * rules as the recipe check at discovery, for runs that never went through one (the command line, a class
 * run directly). Stateless.
 */
final class ParamCheck {

    private ParamCheck() {
    }

    /**
     * {@code params} with the defaults of absent parameters filled in.
     *
     * @throws InvalidParamsException naming every unknown key, missing required parameter and value of the wrong type
     */
    static ObjectNode check(List<DeclaredParam> declared, ObjectNode params) {
        List<String> names = declared.stream().map(DeclaredParam::name).toList();
        List<String> problems = new ArrayList<>();
        for (Iterator<String> keys = params.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!names.contains(key)) {
                problems.add("unknown parameter '" + key + "' (declared: " + String.join(", ", names) + ")");
            }
        }
        ObjectNode out = params.deepCopy();
        for (DeclaredParam param : declared) {
            JsonNode value = params.get(param.name());
            if (value == null || value.isNull()) {
                if (param.required()) {
                    problems.add("missing required parameter '" + param.name() + "' (" + param.typeName() + ")");
                } else if (param.defaultValue() != null) {
                    out.set(param.name(), ParamDeclarations.fromText(param, param.defaultValue()));
                }
            } else if (!ParamDeclarations.hasType(param.type(), value)) {
                problems.add("parameter '" + param.name() + "' must be " + param.typeName() + ", found "
                        + ParamDeclarations.kind(value));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParamsException(String.join("; ", problems));
        }
        return out;
    }
}
