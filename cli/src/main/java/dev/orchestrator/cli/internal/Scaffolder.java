package dev.orchestrator.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes new scriptlets, their tests and new recipes from the templates: the workspace's {@code templates/}
 * when it has them, else the copies bundled in the CLI jar. The templates name their example
 * {@code my_step} / {@code my-step} / {@code MyStep} / {@code StepMyStep} / {@code my_recipe}; those become the
 * new name. Never overwrites a file.
 */
final class Scaffolder {

    static final String JAVA_PACKAGE_DIR = "dev/orchestrator/scriptlets";

    private final Path workspace;

    Scaffolder(Path workspace) {
        this.workspace = workspace;
    }

    List<Path> python(Names names) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(path("scriptlets/python/steps/" + names.snake() + ".py"), fill("scriptlet.py.template", names));
        files.put(path("scriptlets/python/tests/test_" + names.snake() + ".py"),
                fill("scriptlet_test.py.template", names));
        List<Path> created = write(files);
        // the steps and tests folders must be packages for the bridge and for unittest discovery
        for (String pkg : List.of("scriptlets", "scriptlets/python", "scriptlets/python/steps", "scriptlets/python/tests")) {
            Path init = path(pkg + "/__init__.py");
            if (!Files.exists(init)) {
                Files.writeString(init, "");
                created.add(init);
            }
        }
        return created;
    }

    List<Path> shell(Names names) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        Path script = path("scriptlets/shell/" + names.kebab() + ".sh");
        files.put(script, fill("scriptlet.sh.template", names));
        files.put(path("scriptlets/shell/tests/" + names.kebab() + ".bats"), fill("scriptlet.bats.template", names));
        List<Path> created = write(files);
        makeExecutable(script);
        return created;
    }

    List<Path> java(Names names) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(path("scriptlets/java/src/main/java/" + JAVA_PACKAGE_DIR + "/" + names.pascal() + ".java"),
                fill("scriptlet.java.template", names));
        files.put(path("scriptlets/java/src/test/java/" + JAVA_PACKAGE_DIR + "/" + names.pascal() + "Test.java"),
                fill("scriptlet_test.java.template", names));
        return write(files);
    }

    List<Path> recipe(Names names) throws IOException {
        return write(Map.of(path("recipes/" + names.snake() + ".yaml"), fill("recipe.yaml.template", names)));
    }

    private Path path(String relative) {
        return workspace.resolve(relative).normalize();
    }

    /** Writes every file, or none: an existing target refuses the whole request (exit 2). */
    private List<Path> write(Map<Path, String> files) throws IOException {
        List<String> existing = files.keySet().stream().filter(Files::exists)
                .map(p -> workspace.relativize(p).toString()).toList();
        if (!existing.isEmpty()) {
            throw new UsageException("refusing to overwrite " + String.join(", ", existing));
        }
        List<Path> created = new ArrayList<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
            created.add(file.getKey());
        }
        return created;
    }

    private String fill(String template, Names names) {
        String text = withoutTemplateHowTo(template(template));
        return text.replace("StepMyStep", "Step" + names.pascal())
                .replace("MyStep", names.pascal())
                .replace("my_step", names.snake())
                .replace("my-step", names.kebab())
                .replace("my_recipe", names.snake());
    }

    /** The template's text: the workspace's {@code templates/} copy first, else the bundled one. */
    private String template(String name) {
        Path local = workspace.resolve("templates").resolve(name);
        try {
            if (Files.isRegularFile(local)) {
                return Files.readString(local, StandardCharsets.UTF_8);
            }
            try (InputStream in = Scaffolder.class.getResourceAsStream("/dev/orchestrator/cli/templates/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("template " + name + " is neither in " + local.getParent()
                            + " nor bundled in the CLI");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + name, e);
        }
    }

    /**
     * Drops the template's "How to use this template" paragraph (meant for someone copying the template by hand),
     * together with the blank (or bare {@code #}) line before it.
     */
    static String withoutTemplateHowTo(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf("How to use this template");
            if (at < 0) {
                continue;
            }
            // the paragraph's lines share the marker line's prefix: "" (docstring), "# " (shell), " * " (javadoc)
            String prefix = line.substring(0, at);
            int end = i;
            while (end < lines.size() && lines.get(end).startsWith(prefix) && !isBreak(lines.get(end))) {
                end++;
            }
            int start = i;
            if (start > 0 && isBreak(lines.get(start - 1)) && !lines.get(start - 1).strip().equals("*/")
                    && !lines.get(start - 1).strip().equals("\"\"\"")) {
                start--;
            }
            lines.subList(start, end).clear();
            break;
        }
        return String.join("\n", lines);
    }

    private static boolean isBreak(String line) {
        String text = line.strip();
        return text.isEmpty() || text.equals("#") || text.equals("*") || text.equals("*/") || text.equals("\"\"\"");
    }

    private static void makeExecutable(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException | IOException e) {
            file.toFile().setExecutable(true, false);
        }
    }
}
