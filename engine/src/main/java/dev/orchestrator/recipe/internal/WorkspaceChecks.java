package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.Position;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import dev.orchestrator.scriptlet.internal.JavaSources;
import dev.orchestrator.scriptlet.internal.ScriptletClassPath;
import java.util.regex.Pattern;
import java.lang.reflect.Modifier;

/**
 * What a recipe refers to outside itself: paths stay inside the workspace, and scripts, Python modules
 * and Java classes exist. Each check reports its own problem at the given position and says whether it passed.
 * Immutable.
 */
final class WorkspaceChecks {

    private static final String BASE_SCRIPTLET = "dev.orchestrator.scriptlet.BaseScriptlet";

    private final Path workspace;
    private final ClassLoader classLoader;
    /** Classes compiled from {@code source:} files during this load, by source path. */
    private final java.util.Map<String, Class<?>> fromSources = new java.util.HashMap<>();

    /** @param workspace absolute and normalised */
    WorkspaceChecks(Path workspace, ClassLoader classLoader) {
        this.workspace = workspace;
        this.classLoader = classLoader;
    }

    /** Whether {@code path} resolves to a place inside the workspace (symbolic links of existing files followed). */
    boolean confined(String path, Position at, Problems problems) {
        return resolve(path, at, problems) != null;
    }

    /** A shell step's {@code cmd}: inside the workspace, and an existing file. */
    boolean script(String path, Position at, Problems problems) {
        Path file = resolve(path, at, problems);
        if (file == null) {
            return false;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(at, "script '" + path + "' not found: expected a file at " + file);
            return false;
        }
        return true;
    }

    /** A python step's dotted {@code module}: {@code <ws>/a/b/c.py} or {@code <ws>/a/b/c/__init__.py}. */
    boolean pythonModule(String module, Position at, Problems problems) {
        if (pythonFile(module) != null) {
            return true;
        }
        Path base = workspace.resolve(module.replace('.', '/'));
        problems.add(at, "python module '" + module + "' not found: expected "
                + workspace.relativize(base.resolveSibling(base.getFileName() + ".py")) + " or "
                + workspace.relativize(base.resolve("__init__.py")) + " in the workspace " + workspace);
        return false;
    }

    /**
     * A python step's {@code function}: its name appears in the module's text. Not a parse of Python (the
     * name may be imported from elsewhere), but a misspelt name, which the bridge would refuse at run time,
     * is caught here.
     */
    boolean pythonFunction(String module, String function, Position at, Problems problems) {
        Path file = pythonFile(module);
        if (file == null) {
            return true; // the module's own problem is reported where the module is named
        }
        try {
            if (Pattern.compile("\\b" + Pattern.quote(function) + "\\b").matcher(Files.readString(file)).find()) {
                return true;
            }
        } catch (IOException | UncheckedIOException e) {
            return true; // unreadable or not UTF-8: the bridge reports it with Python's own words
        }
        problems.add(at, "python module '" + module + "' has no '" + function + "': expected a class or function"
                + " of that name in " + workspace.relativize(file));
        return false;
    }

    /** The text of a python step's module file; empty when it is missing or unreadable (reported elsewhere). */
    Optional<String> pythonSource(String module) {
        return Optional.ofNullable(pythonFile(module)).flatMap(WorkspaceChecks::text);
    }

    /** The text of a shell step's script; empty when it is missing or unreadable (reported elsewhere). */
    Optional<String> scriptSource(String cmd) {
        return text(workspace.resolve(cmd).normalize());
    }

    /**
     * A java step's {@code source}: a {@code .java} file inside the workspace that compiles
     * ({@link JavaSources}) to a scriptlet the runner can create. Compile errors are reported here, one
     * {@code file:line:column: message} each.
     */
    boolean javaSource(String source, Position at, Problems problems) {
        Path file = resolve(source, at, problems);
        if (file == null) {
            return false;
        }
        if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".java")) {
            problems.add(at, "java source '" + Values.clip(source) + "' not found: expected a .java file at " + file);
            return false;
        }
        String relative = workspace.relativize(file).toString().replace('\\', '/');
        Class<?> type;
        try {
            JavaSources.Compiled compiled = JavaSources.compile(workspace, relative,
                    ScriptletClassPath.forCompiling(classLoader));
            type = Class.forName(compiled.className(), false, compiled.loader(classLoader));
        } catch (JavaSources.CompileException e) {
            problems.add(at, e.getMessage().replace(":\n  ", ": ").replace("\n  ", "; "));
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add(at, "java source '" + source + "' compiled, but its class cannot be loaded (" + e + ")");
            return false;
        }
        String problem = scriptletProblem(type);
        if (problem != null) {
            problems.add(at, "java class '" + type.getName() + "' of source '" + source + "' " + problem);
            return false;
        }
        fromSources.put(source, type);
        return true;
    }

    /** The name of the class {@link #javaSource} compiled from {@code source}. */
    String sourceClassName(String source) {
        return fromSources.get(source).getName();
    }

    /** A java step's class, loaded but not initialised; empty when it cannot be loaded (reported elsewhere). */
    Optional<Class<?>> loadedClass(String name) {
        for (Class<?> compiled : fromSources.values()) {
            if (compiled.getName().equals(name)) {
                return Optional.of(compiled);
            }
        }
        try {
            return Optional.of(Class.forName(name, false, classLoader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The file of a dotted module, {@code <ws>/a/b/c.py} or {@code <ws>/a/b/c/__init__.py}; null if neither exists. */
    private Path pythonFile(String module) {
        Path base = workspace.resolve(module.replace('.', '/'));
        Path file = base.resolveSibling(base.getFileName() + ".py");
        Path init = base.resolve("__init__.py");
        return Files.isRegularFile(file) ? file : Files.isRegularFile(init) ? init : null;
    }

    /**
     * A java step's {@code class}: loadable (not initialised) from the engine's class loader, and what the
     * runner can instantiate: a public, concrete {@code BaseScriptlet} subclass with a public no-argument
     * constructor.
     */
    boolean javaClass(String name, Position at, Problems problems) {
        Class<?> type;
        try {
            type = Class.forName(name, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add(at, "java class '" + Values.clip(name) + "' not found on the class path"
                    + (e instanceof LinkageError ? " (" + e + ")" : ""));
            return false;
        }
        String problem = scriptletProblem(type);
        if (problem != null) {
            problems.add(at, "java class '" + name + "' " + problem);
            return false;
        }
        return true;
    }

    private static String scriptletProblem(Class<?> type) {
        if (!extendsByName(type, BASE_SCRIPTLET)) {
            return "is a class but not a BaseScriptlet subclass: expected a class extending " + BASE_SCRIPTLET;
        }
        int modifiers = type.getModifiers();
        if (type.isInterface() || Modifier.isAbstract(modifiers)) {
            return "is abstract: expected a concrete BaseScriptlet subclass";
        }
        if (!Modifier.isPublic(modifiers) || type.getEnclosingClass() != null && !Modifier.isStatic(modifiers)) {
            return "is not a public top-level or static nested class, so the runner cannot create it";
        }
        try {
            type.getConstructor();
            return null;
        } catch (NoSuchMethodException e) {
            return "has no public no-argument constructor, so the runner cannot create it";
        } catch (LinkageError | SecurityException e) {
            return "cannot be inspected (" + e + ")";
        }
    }

    /**
     * Compared by name: the recipe layer does not depend on the scriptlet API (the architecture test keeps
     * the layers apart), and the runner loads the class through the same class loader.
     */
    private static boolean extendsByName(Class<?> type, String superclass) {
        try {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(superclass)) {
                    return true;
                }
            }
        } catch (LinkageError e) {
            return false; // a superclass missing from the class path: not a scriptlet the runner could load
        }
        return false;
    }

    private Path resolve(String path, Position at, Problems problems) {
        Path resolved;
        try {
            resolved = workspace.resolve(path).normalize();
        } catch (InvalidPathException e) {
            problems.add(at, "expected a file path, found '" + path + "' (" + e.getReason() + ")");
            return null;
        }
        if (!resolved.startsWith(workspace) || escapesThroughLink(resolved)) {
            problems.add(at, "path '" + path + "' escapes the workspace; expected a path inside " + workspace);
            return null;
        }
        return resolved;
    }

    private boolean escapesThroughLink(Path resolved) {
        if (!Files.exists(resolved)) {
            return false;
        }
        try {
            return !resolved.toRealPath().startsWith(workspace.toRealPath());
        } catch (IOException e) {
            return false; // unreadable: the existence checks report it
        }
    }
}
