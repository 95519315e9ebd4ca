package dev.orchestrator.cli.internal;

import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.internal.DeclaredParam;
import dev.orchestrator.scriptlet.internal.ParamDeclarations;
import dev.orchestrator.scriptlet.ScriptletCli;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Every scriptlet the CLI can see: Java classes carrying {@link ScriptletDoc} in the package
 * {@value #JAVA_PACKAGE} on the class path (the orchestrator-scriptlets jar), Python files
 * {@code scriptlets/python/steps/*.py} and shell files {@code scriptlets/shell/*.sh} of the workspace.
 */
final class ScriptletCatalog {

    static final String JAVA_PACKAGE = "dev.orchestrator.scriptlets";

    private static final java.util.regex.Pattern CLASS_DECLARATION =
            java.util.regex.Pattern.compile("\\n(?:public |final |abstract )*class ");

    /**
     * One scriptlet and how to get its documentation.
     *
     * @param params its declared parameters (docs/scriptlet-params.md); empty when it declares none
     */
    record Entry(String type, String name, String description, String location, String doc,
                 Optional<List<DeclaredParam>> params) {
    }

    private final Path workspace;

    ScriptletCatalog(Path workspace) {
        this.workspace = workspace;
    }

    List<Entry> all() {
        List<Entry> entries = new ArrayList<>(java());
        entries.addAll(javaSourcesNotBuilt(entries));
        entries.addAll(python());
        entries.addAll(shell());
        return entries;
    }

    /**
     * The scriptlet called {@code name}: a Java {@code @ScriptletDoc} name, simple or full class name; a
     * Python file name with or without {@code .py}, or its module; a shell file name with or without {@code .sh}.
     */
    Optional<Entry> find(String name) {
        String wanted = name.strip();
        for (Entry entry : all()) {
            if (matches(entry, wanted)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Entry entry, String wanted) {
        String location = entry.location();
        String file = location.substring(location.lastIndexOf('/') + 1);
        String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        return entry.name().equals(wanted) || file.equals(wanted) || stem.equals(wanted)
                || location.equals(wanted)
                || (entry.type().equals("java") && (location.endsWith("." + wanted)))
                || (entry.type().equals("python") && ("scriptlets.python.steps." + stem).equals(wanted));
    }

    List<Entry> java() {
        List<Class<?>> classes = ReflectionSupport.findAllClassesInPackage(JAVA_PACKAGE,
                c -> c.isAnnotationPresent(ScriptletDoc.class) && BaseScriptlet.class.isAssignableFrom(c)
                        && !Modifier.isAbstract(c.getModifiers()),
                n -> true);
        return classes.stream()
                .sorted(Comparator.comparing(Class::getName))
                .map(c -> {
                    ScriptletDoc doc = c.getAnnotation(ScriptletDoc.class);
                    return new Entry("java", doc.name(), doc.description(), c.getName(), ScriptletCli.help(c),
                            ParamDeclarations.ofClass(c));
                })
                .toList();
    }

    /**
     * Java scriptlets of the workspace's {@code scriptlets/java} module that are not on the class path yet (for
     * example just made by {@code orchestrator new}): their {@code @ScriptletDoc} read from the source text.
     */
    List<Entry> javaSourcesNotBuilt(List<Entry> onClassPath) {
        java.util.Set<String> known = new java.util.HashSet<>();
        onClassPath.forEach(e -> known.add(e.location()));
        List<Entry> entries = new ArrayList<>();
        for (Path file : files(workspace.resolve("scriptlets/java/src/main/java/" + JAVA_PACKAGE.replace('.', '/')), ".java")) {
            String className = JAVA_PACKAGE + "." + file.getFileName().toString().replaceFirst("\\.java$", "");
            String source = read(file);
            int annotation = source.indexOf("@ScriptletDoc(");
            if (known.contains(className) || annotation < 0) {
                continue;
            }
            java.util.regex.Matcher declaration = CLASS_DECLARATION.matcher(source);
            int end = declaration.find(annotation) ? declaration.start() : source.length();
            String block = source.substring(annotation, end).strip();
            entries.add(new Entry("java", attribute(block, "name").orElse(className),
                    attribute(block, "description").orElse(""), className,
                    "(source only: not on the class path until built)\n" + relative(file) + "\n\n" + block,
                    Optional.empty()));
        }
        return entries;
    }

    private static Optional<String> attribute(String source, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\b" + name + "\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(source);
        return m.find() ? Optional.of(m.group(1).replace("\\\"", "\"")) : Optional.empty();
    }

    List<Entry> python() {
        return files(workspace.resolve("scriptlets/python/steps"), ".py").stream()
                .filter(f -> !f.getFileName().toString().startsWith("_"))
                .map(f -> {
                    String doc = DocBlocks.pythonDocstring(read(f));
                    String stem = f.getFileName().toString().replaceFirst("\\.py$", "");
                    return new Entry("python", stem, DocBlocks.description(doc), relative(f), doc, declared(doc));
                })
                .toList();
    }

    List<Entry> shell() {
        return files(workspace.resolve("scriptlets/shell"), ".sh").stream()
                .map(f -> {
                    String doc = DocBlocks.shellHeader(read(f));
                    return new Entry("shell", f.getFileName().toString().replaceFirst("\\.sh$", ""),
                            DocBlocks.description(doc), relative(f), doc, declared(doc));
                })
                .toList();
    }

    /** The parameters a doc block declares; a malformed block declares nothing here (validation reports it). */
    private static Optional<List<DeclaredParam>> declared(String doc) {
        try {
            return ParamDeclarations.parseBlock(doc);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private String relative(Path file) {
        return workspace.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
