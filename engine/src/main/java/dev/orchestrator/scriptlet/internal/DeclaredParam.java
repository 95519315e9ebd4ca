package dev.orchestrator.scriptlet.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One declared parameter, whichever way it was declared: a Java {@link Param}, or an entry of the
 * {@code Parameters:} block of a Python docstring or shell header (see {@code docs/scriptlet-params.md}).
 *
 * @param name         {@code [a-z][a-z0-9_]*}: the recipe key and the flag {@code --name}
 * @param type         the JSON type the value must have
 * @param required     a missing value is an error
 * @param defaultValue the value when absent, as command-line text; null when none
 * @param env          shell: the environment variable that may give the value; null when none
 * @param help         one sentence; never null
 */
@API(status = INTERNAL)
public record DeclaredParam(String name, ParamType type, boolean required, String defaultValue, String env,
                            String help) {

    public DeclaredParam {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        help = help == null ? "" : help;
    }

    /** The declaration a {@link Param} annotation makes. */
    public static DeclaredParam of(Param param) {
        return new DeclaredParam(param.name(), param.type(), param.required(),
                param.defaultValue().isEmpty() ? null : param.defaultValue(), null, param.help());
    }

    /** The type as the text blocks spell it: {@code int}, {@code path}. */
    public String typeName() {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One line for help texts: {@code --output PATH (required) — file to write}. */
    public String usageLine() {
        StringBuilder line = new StringBuilder("--").append(name).append(' ').append(type.name());
        if (required) {
            line.append(" (required)");
        }
        if (defaultValue != null) {
            line.append(" (default: ").append(defaultValue).append(')');
        }
        if (env != null) {
            line.append(" (env: $").append(env).append(')');
        }
        return line.append("  ").append(help).toString();
    }
}
