package dev.orchestrator.recipe;

import java.nio.file.Path;

/**
 * Reads and validates recipes (SPEC §3). Thread-safe; holds no per-recipe state.
 */
public final class RecipeLoader {

    private final Path workspace;
    private final ClassLoader classLoader;

    /**
     * @param workspace   the folder relative recipe paths resolve against; paths escaping it are errors
     * @param classLoader where {@code type: java} step classes must be found
     */
    public RecipeLoader(Path workspace, ClassLoader classLoader) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.classLoader = classLoader;
    }

    /** Loads one recipe; never throws for bad input (I/O errors included): problems come back as {@link LoadResult.Invalid}. */
    public LoadResult load(RecipeSource source) {
        throw new UnsupportedOperationException("TODO: recipe loader");
    }
}
