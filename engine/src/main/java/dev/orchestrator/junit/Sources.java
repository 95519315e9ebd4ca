package dev.orchestrator.junit;

import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.internal.RecipeProblem;
import dev.orchestrator.recipe.RecipeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * Test sources pointing into recipe files, so that an IDE opens the YAML at the right line, and the file a user
 * edits rather than the build's copy of it.
 *
 * <p>A workspace file gives a {@link FileSource}. A recipe found on the class path gives a
 * {@link ClasspathResourceSource}, unless it was copied into a build output folder ({@code target/classes},
 * {@code target/test-classes}, Gradle's {@code build/resources/main|test}) from a source folder where the same
 * file still exists ({@code src/test/resources}, {@code src/main/resources} beside that output, or a
 * {@link Constants#SOURCE_ROOTS} folder): then it gives a {@link FileSource} of that source file, which the next
 * build does not overwrite.
 */
final class Sources {

    private static final List<List<String>> OUTPUT_FOLDERS = List.of(
            List.of("target", "test-classes"), List.of("target", "classes"),
            List.of("build", "resources", "test"), List.of("build", "resources", "main"));
    private static final List<String> SOURCE_FOLDERS = List.of("src/test/resources", "src/main/resources");

    private final Path workspace;
    private final List<Path> extraRoots;

    /**
     * @param workspace  the absolute workspace
     * @param extraRoots absolute source folders tried after the ones beside a build output folder
     */
    Sources(Path workspace, List<Path> extraRoots) {
        this.workspace = workspace;
        this.extraRoots = List.copyOf(extraRoots);
    }

    TestSource of(RecipeSource source, Position position) {
        FilePosition at = FilePosition.from(position.line(), position.column());
        if (source.file().isPresent() && !isClasspathResource(source)) {
            Path file = source.file().get();
            return FileSource.from(editableCopy(file, Optional.empty()).orElse(file).toFile(), at);
        }
        return source.file().flatMap(file -> editableCopy(file, Optional.of(source.displayName())))
                .<TestSource>map(file -> FileSource.from(file.toFile(), at))
                .orElseGet(() -> ClasspathResourceSource.from(source.displayName(), at));
    }

    /** A recipe's source: its {@code test_meta}, or the first problem of an invalid recipe. */
    TestSource of(LoadResult loaded) {
        if (loaded instanceof LoadResult.Valid valid) {
            return of(valid.source(), valid.recipe().meta().position());
        }
        LoadResult.Invalid invalid = (LoadResult.Invalid) loaded;
        RecipeProblem first = invalid.problems().get(0);
        return of(invalid.source(), first.position());
    }

    /** A file source names its file by its workspace-relative path (or an absolute one); a resource by its name. */
    private boolean isClasspathResource(RecipeSource source) {
        Path named = Path.of(source.displayName());
        return !named.isAbsolute() && !workspace.resolve(named).normalize().equals(source.file().orElseThrow());
    }

    /**
     * The source file that {@code file} (a copy in a build output folder) was copied from, if it exists.
     *
     * @param resourceName the class path name, when known; otherwise the path below the output folder
     */
    private Optional<Path> editableCopy(Path file, Optional<String> resourceName) {
        List<Path> candidates = new ArrayList<>();
        Optional<String> relative = resourceName;
        for (Path dir = file.getParent(); dir != null && candidates.isEmpty(); dir = dir.getParent()) {
            for (List<String> output : OUTPUT_FOLDERS) {
                Path module = moduleOf(dir, output);
                if (module != null) {
                    String below = resourceName.orElse(dir.relativize(file).toString());
                    SOURCE_FOLDERS.forEach(folder -> candidates.add(module.resolve(folder).resolve(below)));
                    relative = Optional.of(below);
                    break;
                }
            }
        }
        relative.ifPresent(name -> extraRoots.forEach(root -> candidates.add(root.resolve(name))));
        return candidates.stream().filter(Files::isRegularFile).map(Path::normalize)
                .filter(candidate -> !candidate.equals(file)).findFirst();
    }

    /** The module folder when {@code dir} is its build output folder {@code output}, else null. */
    private static Path moduleOf(Path dir, List<String> output) {
        Path at = dir;
        for (int i = output.size() - 1; i >= 0; i--) {
            if (at == null || at.getFileName() == null || !at.getFileName().toString().equals(output.get(i))) {
                return null;
            }
            at = at.getParent();
        }
        return at;
    }
}
