package dev.orchestrator.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URLConnection;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

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

    /**
     * Loads one recipe; never throws for bad input (I/O errors included): problems come back as {@link LoadResult.Invalid}.
     * The text is read from {@code source.uri()}, so a recipe inside a jar loads like a file.
     */
    public LoadResult load(RecipeSource source) {
        Problems problems = new Problems(source.displayName());
        Optional<YamlNode> root;
        try (Reader reader = open(source)) {
            root = new YamlReader().read(reader, problems);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a URI that is not absolute or has no URL handler
            problems.add(Position.START, "could not read the recipe from " + source.uri() + ": " + e);
            return new LoadResult.Invalid(source, Optional.empty(), problems.inFileOrder());
        }
        if (root.isEmpty()) {
            return new LoadResult.Invalid(source, Optional.empty(), problems.inFileOrder());
        }
        Optional<Recipe> recipe = new RecipeBinder(source, new WorkspaceChecks(workspace, classLoader), problems)
                .bind(root.get());
        if (recipe.isPresent() && problems.isEmpty()) {
            return new LoadResult.Valid(recipe.get());
        }
        return new LoadResult.Invalid(source, RecipeBinder.testId(root.get()), problems.inFileOrder());
    }

    private static Reader open(RecipeSource source) throws IOException {
        URLConnection connection = source.uri().toURL().openConnection();
        // no cache: a cached jar connection would keep the jar open (and locked on Windows) after loading
        connection.setUseCaches(false);
        InputStream in = connection.getInputStream();
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }
}
