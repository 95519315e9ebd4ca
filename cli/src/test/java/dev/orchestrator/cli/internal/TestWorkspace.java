package dev.orchestrator.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A throwaway workspace for one test: the repository's Python and shell scriptlets, templates and sample data
 * copied into a temp folder, so runs never write into the repository's Data/ or Logs/.
 */
final class TestWorkspace {

    /** The repository root: {@code -Dorchestrator.repo.root} (set by the pom), else the module's parent. */
    static final Path REPO = Path.of(System.getProperty("orchestrator.repo.root", "..")).toAbsolutePath().normalize();

    final Path root;

    private TestWorkspace(Path root) {
        this.root = root;
    }

    static TestWorkspace in(Path dir) {
        TestWorkspace ws = new TestWorkspace(dir.toAbsolutePath().normalize());
        for (String folder : new String[] {"scriptlets/python", "scriptlets/shell", "templates"}) {
            copyTree(REPO.resolve(folder), ws.root.resolve(folder));
        }
        ws.copy("scriptlets/__init__.py");
        ws.copy("scriptlets/README.md");
        ws.mkdirs("recipes", "Data", "Logs");
        copyFile(REPO.resolve("templates/sample-data/raw.csv"), ws.root.resolve("Data/raw.csv"));
        return ws;
    }

    /** Copies a file of the repository to the same place in the workspace. */
    TestWorkspace copy(String relative) {
        copyFile(REPO.resolve(relative), root.resolve(relative));
        return this;
    }

    Path write(String relative, String text) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    String read(String relative) {
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void mkdirs(String... folders) {
        try {
            for (String folder : folders) {
                Files.createDirectories(root.resolve(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFile(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                String name = source.getFileName().toString();
                Path relative = from.relativize(source);
                if (relative.toString().contains("__pycache__") || name.endsWith(".pyc")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recipe of three java steps: seed (SetCtx), more (SetCtx), check (AssertCtx of {@code expected}). */
    static String javaRecipe(String testId, String expectedRegion) {
        return """
                # Purpose: a small java-only recipe for the CLI tests.
                test_meta:
                  test_id: %s
                  tester: cli-tests
                  description: seed, add, check
                  tags: [cli]
                steps:
                  - idx: 1
                    name: seed
                    type: java
                    class: dev.orchestrator.scriptlets.SetCtx
                    params: {values: {region: eu}}
                  - idx: 2
                    name: more
                    type: java
                    class: dev.orchestrator.scriptlets.SetCtx
                    tags: [fast]
                    params: {values: {threshold: 0.5}}
                  - idx: 3
                    name: check
                    type: java
                    class: dev.orchestrator.scriptlets.AssertCtx
                    params: {expected: {region: %s}}
                """.formatted(testId, expectedRegion);
    }
}
