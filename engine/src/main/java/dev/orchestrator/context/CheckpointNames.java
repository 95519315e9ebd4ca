package dev.orchestrator.context;

import java.util.regex.Pattern;

/** The names a checkpoint is filed under; they become path segments, so they must not escape the folder. */
final class CheckpointNames {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]+");

    private CheckpointNames() {
    }

    /**
     * Returns {@code name} when it is a safe single path segment ({@code [A-Za-z0-9_.-]+}, not {@code .}
     * or {@code ..}, the test_id alphabet, docs/recipes.md).
     *
     * @throws IllegalArgumentException otherwise
     */
    static String check(String what, String name) {
        if (name == null || !SAFE.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("refusing checkpoint " + what + " " + (name == null ? "null" : "'" + name + "'")
                    + ": it must match [A-Za-z0-9_.-]+ and not be . or .., so the checkpoint stays in its folder");
        }
        return name;
    }
}
