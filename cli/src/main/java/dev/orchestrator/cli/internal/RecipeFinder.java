package dev.orchestrator.cli.internal;

import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.recipe.RecipeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Turns {@code --recipe FILE|GLOB} arguments into recipe files, and loads them. */
final class RecipeFinder {

    /** What {@code validate} and {@code list} look at when given no files. */
    static final String DEFAULT_GLOB = "recipes/*.{yaml,yml}";

    private final Path workspace;
    private final ClassLoader classLoader;

    RecipeFinder(Path workspace) {
        this(workspace, Thread.currentThread().getContextClassLoader());
    }

    /** @param classLoader where {@code type: java} step classes are found */
    RecipeFinder(Path workspace, ClassLoader classLoader) {
        this.workspace = workspace;
        this.classLoader = classLoader;
    }

    /**
     * The files named by {@code patterns}, in argument order, without duplicates. A pattern with a glob
     * character ({@code * ? [ {}) matches workspace-relative paths; anything else is one file, relative to
     * the workspace (or to the current directory when only there).
     *
     * @throws UsageException when a file is missing or a glob matches nothing
     */
    List<Path> find(List<String> patterns) {
        Set<Path> files = new LinkedHashSet<>();
        for (String pattern : patterns) {
            if (isGlob(pattern)) {
                List<Path> matched = glob(pattern);
                if (matched.isEmpty()) {
                    throw new UsageException("no recipe matches '" + pattern + "' under " + workspace);
                }
                files.addAll(matched);
            } else {
                files.add(file(pattern));
            }
        }
        return List.copyOf(files);
    }

    /** The recipes of {@link #DEFAULT_GLOB}; empty when there are none. */
    List<Path> defaults() {
        return glob(DEFAULT_GLOB);
    }

    LoadResult load(Path file) {
        return new RecipeLoader(workspace, classLoader)
                .load(RecipeSource.ofFile(file, workspace));
    }

    private Path file(String name) {
        Path given = Path.of(name);
        Path inWorkspace = workspace.resolve(given).normalize();
        if (Files.isRegularFile(inWorkspace)) {
            return inWorkspace;
        }
        Path inCwd = given.toAbsolutePath().normalize();
        if (Files.isRegularFile(inCwd)) {
            return inCwd;
        }
        throw new UsageException("recipe file not found: " + name + " (looked in " + workspace + ")");
    }

    private List<Path> glob(String pattern) {
        String normalized = pattern.startsWith("./") ? pattern.substring(2) : pattern;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + normalized);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(workspace)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> !isHiddenOrBuild(workspace.relativize(f)))
                    .filter(f -> matcher.matches(workspace.relativize(f)))
                    .filter(f -> isYaml(f.getFileName().toString()))
                    .sorted()
                    .forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + workspace, e);
        }
        return found;
    }

    private static boolean isHiddenOrBuild(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.equals("target") || name.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    static boolean isYaml(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    private static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
