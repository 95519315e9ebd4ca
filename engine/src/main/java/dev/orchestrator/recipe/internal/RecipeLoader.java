package dev.orchestrator.recipe.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.RecipeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Reads and validates recipes: what validates is what {@code run} can start. Thread-safe; holds no per-recipe state.
 */
@API(status = INTERNAL)
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
        Optional<String> text;
        try (InputStream in = open(source)) {
            text = RecipeText.read(in, problems);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a URI that is not absolute or has no URL handler
            problems.add(Position.START, "could not read the recipe from " + source.uri() + ": " + e);
            return new LoadResult.Invalid(source, Optional.empty(), problems.inFileOrder());
        }
        // size, encoding and line length are checked on the bytes first: the parser is only given bounded text
        Optional<YamlNode> root = text.flatMap(t -> new YamlReader().read(new StringReader(t), problems));
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

    private static InputStream open(RecipeSource source) throws IOException {
        URLConnection connection = source.uri().toURL().openConnection();
        // no cache: a cached jar connection would keep the jar open (and locked on Windows) after loading
        connection.setUseCaches(false);
        return connection.getInputStream();
    }
}
