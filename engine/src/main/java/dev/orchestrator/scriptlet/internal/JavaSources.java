package dev.orchestrator.scriptlet.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apiguardian.api.API;

/**
 * Java scriptlets run from their source, without a rebuild: a {@code type: java} step's {@code source:} file is
 * compiled with the JDK's compiler against the engine's class path, once per content. The classes are kept under
 * {@code <workspace>/Data/cache/java/<hash>/} (the hash of the source text and the Java version), so a later launch
 * loads them without compiling, and the compiled folder of each hash is remembered in memory for this JVM.
 * Thread-safe; two processes compiling the same source at once both succeed (the second move finds the first's).
 */
@API(status = INTERNAL)
public final class JavaSources {

    /** Where compiled sources are cached, relative to the workspace. */
    public static final String CACHE = "Data/cache/java";

    private static final String DONE = ".compiled";
    private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();

    private JavaSources() {
    }

    /**
     * A compiled source: its folder of classes and the name of its primary class (the one named after the file).
     *
     * @param className the fully qualified name of the class named after the file
     * @param classes   the folder holding the compiled classes
     */
    public record Compiled(String className, Path classes) {

        /** A new class loader over {@link #classes()} with {@code parent} above it. */
        public ClassLoader loader(ClassLoader parent) {
            try {
                return new URLClassLoader("source:" + className, new URL[] {classes.toUri().toURL()}, parent);
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A source that does not compile: every error as {@code file:line:column: message}. */
    public static final class CompileException extends Exception {

        private static final long serialVersionUID = 1L;

        private final List<String> errors;

        CompileException(String message, List<String> errors) {
            super(message + (errors.isEmpty() ? "" : ":\n  " + String.join("\n  ", errors)));
            this.errors = List.copyOf(errors);
        }

        /** Each error as {@code file:line:column: message}, the file workspace-relative. */
        public List<String> errors() {
            return errors;
        }
    }

    /**
     * Compiles {@code source} (workspace-relative) unless its content was compiled before.
     *
     * @param classPath the class path to compile against (the engine's, see {@link ScriptletClassPath#forCompiling})
     * @throws CompileException the source does not compile, cannot be read, or this Java runtime has no compiler
     */
    public static Compiled compile(Path workspace, String source, List<String> classPath) throws CompileException {
        Path file = workspace.resolve(source).normalize();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new CompileException("cannot read java source " + source + " (" + e + ")", List.of());
        }
        String stem = file.getFileName().toString().replaceFirst("\\.java$", "");
        String hash = hash(stem + "\n" + Runtime.version().feature() + "\n" + text);
        Path dir = workspace.resolve(CACHE).resolve(hash);
        Compiled known = COMPILED.get(dir.toString());
        if (known != null && Files.isRegularFile(known.classes().resolve(DONE))) {
            return known;
        }
        Compiled compiled = Files.isRegularFile(dir.resolve(DONE))
                ? new Compiled(primaryClass(dir, stem, source), dir)
                : compileInto(workspace, file, source, stem, dir, classPath);
        COMPILED.put(dir.toString(), compiled);
        return compiled;
    }

    private static Compiled compileInto(Path workspace, Path file, String source, String stem, Path dir,
                                        List<String> classPath) throws CompileException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new CompileException("cannot compile " + source + ": this Java runtime has no compiler"
                    + " (run the engine on a JDK, not a JRE, to use source:)", List.of());
        }
        Path temp;
        try {
            Files.createDirectories(dir.getParent());
            temp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
        } catch (IOException e) {
            throw new CompileException("cannot create " + dir.getParent() + " (" + e + ")", List.of());
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", temp.toString(), "-classpath", String.join(java.io.File.pathSeparator, classPath),
                    "-sourcepath", "", "-proc:none", "-implicit:none", "-encoding", "UTF-8", "-nowarn", "-g");
            ok = compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file)).call();
        } catch (IOException | RuntimeException e) {
            deleteTree(temp);
            throw new CompileException("cannot compile " + source + " (" + e + ")", List.of());
        }
        if (!ok) {
            deleteTree(temp);
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(source + ":" + d.getLineNumber() + ":" + d.getColumnNumber() + ": "
                            + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
                }
            }
            throw new CompileException("java source " + source + " does not compile", errors);
        }
        try {
            String className = primaryClass(temp, stem, source);
            Files.writeString(temp.resolve(DONE), className + "\n");
            try {
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(temp); // another launch compiled the same content first: use theirs
            }
            return new Compiled(className, dir);
        } catch (IOException e) {
            deleteTree(temp);
            throw new CompileException("cannot keep the classes of " + source + " (" + e + ")", List.of());
        }
    }

    /** The name of the class compiled from {@code <stem>.java} that is named {@code stem}. */
    private static String primaryClass(Path classes, String stem, String source) throws CompileException {
        try (Stream<Path> walk = Files.walk(classes)) {
            return walk.filter(p -> p.getFileName().toString().equals(stem + ".class"))
                    .map(p -> classes.relativize(p).toString().replace(classes.getFileSystem().getSeparator(), ".")
                            .replaceFirst("\\.class$", ""))
                    .findFirst()
                    .orElseThrow(() -> new CompileException("java source " + source + " declares no class " + stem
                            + " (a public class must be named after its file)", List.of()));
        } catch (IOException e) {
            throw new CompileException("cannot read the classes of " + source + " (" + e + ")", List.of());
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder left behind does no harm: its name never matches a hash
        }
    }
}
