package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where a recipe's text comes from: a file in the workspace or a classpath resource (possibly in a jar).
 *
 * @param uri         the recipe's URI ({@code file:} or {@code jar:} or any URL the class loader gave)
 * @param file        the file on disk, when there is one (used for {@code FileSource}s and editors)
 * @param displayName how messages name the recipe: the workspace-relative path of a file, or the
 *                    resource name of a classpath resource
 */
@API(status = EXPERIMENTAL)
public record RecipeSource(URI uri, Optional<Path> file, String displayName) {

    public static RecipeSource ofFile(Path file, Path workspace) {
        Path abs = file.toAbsolutePath().normalize();
        Path ws = workspace.toAbsolutePath().normalize();
        String name = abs.startsWith(ws) ? ws.relativize(abs).toString() : abs.toString();
        return new RecipeSource(abs.toUri(), Optional.of(abs), name);
    }

    public static RecipeSource ofResource(String resourceName, URI uri) {
        Optional<Path> file = "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
        return new RecipeSource(uri, file, resourceName);
    }
}
