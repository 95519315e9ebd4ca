package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/** The kind of scriptlet a step runs. */
@API(status = EXPERIMENTAL)
public enum StepType {
    JAVA, PYTHON, SHELL;

    /** The name used in YAML ({@code java}, {@code python}, {@code shell}). */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
