package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.RecipeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A workspace in a temporary folder with the scripts and modules the fixtures refer to. */
final class TestWorkspace {

    static final String FIXTURES = "/dev/orchestrator/recipe/";

    private final Path root;
    private final RecipeLoader loader;

    TestWorkspace(Path root) {
        this.root = root;
        this.loader = new RecipeLoader(root, TestWorkspace.class.getClassLoader());
        write("scriptlets/shell/step.sh", "#!/bin/sh\n");
        write("scriptlets/shell/preprocess-csv.sh", "#!/bin/sh\n");
        write("scriptlets/python/steps/compute_metrics.py", "class StepComputeMetrics:\n    pass\n");
        write("scriptlets/python/steps/pkg_step/__init__.py", "def run(ctx, params):\n    pass\n");
    }

    Path root() {
        return root;
    }

    void write(String relative, String text) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code good/x.yaml} (or {@code bad/…}) into {@code recipes/} and loads it from there. */
    LoadResult loadFixture(String fixture) {
        try (InputStream in = TestWorkspace.class.getResourceAsStream(FIXTURES + fixture)) {
            assertThat(in).as("fixture %s", fixture).isNotNull();
            Path file = root.resolve("recipes").resolve(Path.of(fixture).getFileName());
            Files.createDirectories(file.getParent());
            Files.write(file, in.readAllBytes());
            return load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LoadResult loadText(String name, String yaml) {
        write("recipes/" + name, yaml);
        return load(root.resolve("recipes").resolve(name));
    }

    LoadResult load(Path file) {
        return loader.load(RecipeSource.ofFile(file, root));
    }

    Recipe loadValid(String fixture) {
        LoadResult result = loadFixture(fixture);
        assertThat(result).as("%s", result).isInstanceOf(LoadResult.Valid.class);
        return ((LoadResult.Valid) result).recipe();
    }
}
