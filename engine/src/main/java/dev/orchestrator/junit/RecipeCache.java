package dev.orchestrator.junit;

import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.recipe.RecipeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed recipes of one engine instance. Build tools call {@code discover()} more than once (Surefire scans,
 * IDEs re-discover); a file is parsed again only when its size or modification time changed.
 */
final class RecipeCache {

    private record Key(String uri, Path workspace, long modified, long size) {
    }

    private final Map<Key, LoadResult> results = new ConcurrentHashMap<>();

    LoadResult load(RecipeLoader loader, Path workspace, RecipeSource source) {
        long modified = -1;
        long size = -1;
        if (source.file().isPresent()) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(source.file().get(), BasicFileAttributes.class);
                modified = attributes.lastModifiedTime().toMillis();
                size = attributes.size();
            } catch (IOException unreadable) {
                return loader.load(source); // the loader reports the I/O problem with the file's name
            }
        }
        return results.computeIfAbsent(new Key(source.uri().toString(), workspace, modified, size),
                k -> loader.load(source));
    }
}
