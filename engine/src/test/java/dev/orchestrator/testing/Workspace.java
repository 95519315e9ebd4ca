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

    public Path resolve(String relative) {
        return root.resolve(relative);
    }
}
