package dev.orchestrator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throw-away workspace for engine tests: recipes and files written into a temporary folder. */
public final class Workspace {

    private final Path root;

    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Writes {@code recipes/<name>} with {@code yaml} and returns its path. */
    public Path recipe(String name, String yaml) {
        return file("recipes/" + name, yaml);
    }

    /** Copies a test resource (e.g. {@code dev/orchestrator/junit/basic.yaml}) to {@code recipes/<file name>}. */
    public Path recipeFromResource(String resource) {
        try (InputStream in = Workspace.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            return file("recipes/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file(String relative, String text) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * The repository's root: the nearest folder above the module under test that holds {@code scriptlets/python/core}
     * (the engine's parent; two levels up for {@code plugins/*}).
     */
    public static Path repository() {
        Path module = Path.of("").toAbsolutePath().normalize();
        for (Path folder = module.getParent(); folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve("scriptlets/python/core"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no repository root above " + module);
    }

    /**
     * Copies a folder of the repository ({@link #repository()}), e.g. {@code scriptlets/python/core},
     * into this workspace at the same relative path, so process steps find the real bridge and helpers.
     */
    public Workspace copyFromRepository(String relative) {
        Path from = repository().resolve(relative);
        Path to = root.resolve(relative);
        try (var files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                if (source.toString().contains("__pycache__")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The python core and shell helpers of the repository, for tests of process steps. */
    public Workspace withBridges() {
        file("scriptlets/__init__.py", "");
        file("scriptlets/python/__init__.py", "");
        copyFromRepository("scriptlets/python/core");
        copyFromRepository("scriptlets/shell/lib");
        return this;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }
}
