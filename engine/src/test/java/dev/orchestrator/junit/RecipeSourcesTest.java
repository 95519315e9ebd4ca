package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/** Sources an IDE can open: the file a user edits, or the class path resource, at the step's line. */
class RecipeSourcesTest {

    private static final String RECIPE = """
            test_meta: {test_id: sourced, tester: qa, description: where do I come from}
            steps:
              - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
              - {idx: 2, name: b, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
            """;

    @TempDir
    Path dir;

    private Workspace ws() {
        return new Workspace(dir.resolve("workspace"));
    }

    /** Discovers with {@code roots} as the class path, as Surefire's or an IDE's class loader would see it. */
    private List<TestSource> stepSources(EngineRun run, List<Path> roots, DiscoverySelector selector) throws Exception {
        URL[] urls = new URL[roots.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = roots.get(i).toUri().toURL();
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            return run.discover(selector).getEngineDescriptor().getDescendants().stream()
                    .filter(TestDescriptor::isTest).map(d -> d.getSource().orElseThrow()).toList();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void aRecipeCopiedToTestClassesPointsAtItsFileUnderSrcTestResources() throws Exception {
        Path module = dir.resolve("module");
        Path source = write(module.resolve("src/test/resources/recipes/sourced.yaml"), RECIPE);
        write(module.resolve("target/test-classes/recipes/sourced.yaml"), RECIPE);
        List<TestSource> sources = stepSources(EngineRun.in(ws()), List.of(module.resolve("target/test-classes")),
                selectClasspathResource("recipes/sourced.yaml"));
        assertThat(sources).containsExactly(
                FileSource.from(source.toFile(), FilePosition.from(3, 6)),
                FileSource.from(source.toFile(), FilePosition.from(4, 6)));
    }

    @Test
    void aConfiguredSourceRootIsSearchedForTheEditableCopy() throws Exception {
        Path source = write(dir.resolve("workspace/yaml/recipes/sourced.yaml"), RECIPE);
        write(dir.resolve("out/recipes/sourced.yaml"), RECIPE);
        List<TestSource> sources = stepSources(EngineRun.in(ws()).config(Constants.SOURCE_ROOTS, "yaml"),
                List.of(dir.resolve("out")), selectClasspathResource("recipes/sourced.yaml"));
        assertThat(sources).first().isEqualTo(FileSource.from(source.toFile(), FilePosition.from(3, 6)));
    }

    @Test
    void aRecipeInAJarGivesAClasspathResourceSourceWithLineAndColumn() throws Exception {
        Path jar = dir.resolve("recipes.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("recipes/sourced.yaml"));
            ((OutputStream) out).write(RECIPE.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        List<TestSource> sources = stepSources(EngineRun.in(ws()), List.of(jar),
                selectClasspathResource("recipes/sourced.yaml"));
        assertThat(sources).containsExactly(
                ClasspathResourceSource.from("recipes/sourced.yaml", FilePosition.from(3, 6)),
                ClasspathResourceSource.from("recipes/sourced.yaml", FilePosition.from(4, 6)));
    }

    @Test
    void aClasspathResourceSelectorWithALineSelectsThatStep() throws Exception {
        Path module = dir.resolve("module");
        write(module.resolve("target/test-classes/recipes/sourced.yaml"), RECIPE);
        List<TestSource> sources = stepSources(EngineRun.in(ws()), List.of(module.resolve("target/test-classes")),
                selectClasspathResource("recipes/sourced.yaml",
                        org.junit.platform.engine.discovery.FilePosition.from(4)));
        assertThat(sources).containsExactly(ClasspathResourceSource.from("recipes/sourced.yaml", FilePosition.from(4, 6)));
    }
}
