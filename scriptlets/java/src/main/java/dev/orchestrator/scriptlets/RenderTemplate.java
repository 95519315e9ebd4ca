package dev.orchestrator.scriptlets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Renders a text template with ctx values: each {@code {{ref}}} or {@code ${ref}} is replaced by the value
 * the ctx reference names ({@code key}, {@code key.a[0].b} or {@code key/a/0/b}): a string as its text,
 * anything else as compact JSON. {@code values} adds or overrides keys for this rendering only. Every
 * placeholder must resolve, or the step fails naming all unresolved ones (nothing is written).
 *
 * <p>Recipe use:
 * <pre>
 * - idx: 10
 *   name: write_summary
 *   type: java
 *   class: dev.orchestrator.scriptlets.RenderTemplate
 *   params: {template: Data/summary.md.tmpl, output: reports/summary.md, values: {title: Nightly}}
 * </pre>
 */
@ScriptletDoc(
        name = "render-template",
        description = "Fill {{ref}} / ${ref} placeholders of a template file from ctx and write the result.",
        usage = "java -cp <classpath> dev.orchestrator.scriptlets.RenderTemplate --template FILE --output FILE [--values JSON]",
        params = {
            @Param(name = "template", type = ParamType.PATH, required = true, help = "the template (UTF-8 text)"),
            @Param(name = "output", type = ParamType.PATH, required = true, help = "where to write the result; folders are created"),
            @Param(name = "values", type = ParamType.MAP, help = "extra keys for this rendering only (they win over ctx)")
        },
        examples = {"java -cp … dev.orchestrator.scriptlets.RenderTemplate --template t.txt --output out.txt --values '{\"name\": \"x\"}'"},
        limitations = "No loops, conditions or escaping: a literal '{{' followed by '}}' with no space inside is a placeholder. "
                + "Values are inserted as they are (no HTML escaping).")
@API(status = EXPERIMENTAL)
public final class RenderTemplate extends BaseScriptlet {

    @Override
    public void validate(Context ctx, Params params) {
        if (!Files.isRegularFile(resolve(params.string("template")))) {
            throw new InvalidParamsException("template not found: " + params.string("template"));
        }
        resolve(params.string("output"));
        if (params.has("values") && !params.node("values").orElseThrow().isObject()) {
            throw new InvalidParamsException("parameter 'values' must be an object");
        }
    }

    @Override
    public Object run(Context ctx, Params params) throws Exception {
        String template = Files.readString(resolve(params.string("template")), StandardCharsets.UTF_8);
        // the extra values live in a private copy of ctx, so they never show up in the recipe's ctx
        Context view = Context.create(ctx.recipe(), ctx.runId());
        ctx.keys().forEach(k -> view.set(k, ctx.get(k)));
        for (Map.Entry<String, JsonNode> value : params.node("values").map(JsonNode::properties).orElse(Set.of())) {
            view.set(value.getKey(), value.getValue());
        }
        Set<String> missing = new LinkedHashSet<>();
        String rendered = Support.render(template, view, missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(params.string("template") + ": no value for " + missing);
        }
        Path output = resolve(params.string("output"));
        Files.createDirectories(output.getParent());
        Files.writeString(output, rendered, StandardCharsets.UTF_8);
        log().info("rendered %s into %s (%d chars)", params.string("template"), params.string("output"), rendered.length());
        return Map.of("output", params.string("output"), "chars", rendered.length());
    }

    /** Runs the scriptlet alone: {@code java -cp … dev.orchestrator.scriptlets.RenderTemplate --help}. */
    public static void main(String[] args) {
        ScriptletCli.main(new RenderTemplate(), args);
    }
}
