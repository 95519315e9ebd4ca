package dev.orchestrator.recipe;

import java.util.Locale;

/** The kind of scriptlet a step runs. */
public enum StepType {
    JAVA, PYTHON, SHELL;

    /** The name used in YAML ({@code java}, {@code python}, {@code shell}). */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
