package dev.orchestrator.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Finds recipe files on disk: in a folder, or by a glob under the workspace. */
final class RecipeFiles {

    private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", "build", "__pycache__");
    private static final Pattern RECIPE_KEY = Pattern.compile("(?m)^(test_meta|steps)\\s*:");

    private RecipeFiles() {
    }

    static boolean isYaml(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    /**
     * YAML files under {@code dir} that look like recipes (a top-level {@code test_meta:} or {@code steps:}),
     * so that scanning a folder does not pick up CI or editor YAML; hidden and build folders are skipped.
     */
    static List<Path> recipesUnder(Path dir) {
        List<Path> found = new ArrayList<>();
        walk(dir, file -> {
            if (looksLikeRecipe(file)) {
                found.add(file);
            }
        });
        found.sort(null);
        return found;
    }

    /** Files under {@code workspace} whose workspace-relative path matches {@code glob}. */
    static List<Path> matching(Path workspace, String glob) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> found = new ArrayList<>();
        walk(workspace, file -> {
            if (matcher.matches(workspace.relativize(file))) {
                found.add(file);
            }
        });
        found.sort(null);
        return found;
    }

    private static boolean looksLikeRecipe(Path file) {
        try {
            return RECIPE_KEY.matcher(Files.readString(file)).find();
        } catch (IOException | UncheckedIOException e) {
            return true; // unreadable: let the loader report it with the file's name
        }
    }

    private interface FileConsumer {
        void accept(Path file);
    }

    private static void walk(Path root, FileConsumer consumer) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(root) && (name.startsWith(".") || SKIPPED_DIRS.contains(name));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && isYaml(file.getFileName().toString())) {
                        consumer.accept(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + root + " for recipes", e);
        }
    }
}
