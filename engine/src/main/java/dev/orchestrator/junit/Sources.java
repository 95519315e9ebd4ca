package dev.orchestrator.junit;

import dev.orchestrator.recipe.LoadResult;
import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.RecipeProblem;
import dev.orchestrator.recipe.RecipeSource;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/** Test sources pointing into recipe files, so that an IDE opens the YAML at the right line. */
final class Sources {

    private Sources() {
    }

    static TestSource of(RecipeSource source, Position position) {
        FilePosition at = FilePosition.from(position.line(), position.column());
        return source.file()
                .<TestSource>map(file -> FileSource.from(file.toFile(), at))
                .orElseGet(() -> ClasspathResourceSource.from(source.displayName(), at));
    }

    /** A recipe's source: its {@code test_meta}, or the first problem of an invalid recipe. */
    static TestSource of(LoadResult loaded) {
        if (loaded instanceof LoadResult.Valid valid) {
            return of(valid.source(), valid.recipe().meta().position());
        }
        LoadResult.Invalid invalid = (LoadResult.Invalid) loaded;
        RecipeProblem first = invalid.problems().get(0);
        return of(invalid.source(), first.position());
    }
}
