package dev.orchestrator.scriptlet.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.scriptlet.BaseScriptlet;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Where compiled scriptlet classes outside the engine's own class path are found ({@code orchestrator.classpath},
 * the CLI's {@code --classpath}), and the class path a {@code source:} scriptlet is compiled against. Stateless.
 */
@API(status = INTERNAL)
public final class ScriptletClassPath {

    private ScriptletClassPath() {
    }

    /**
     * The entries of a class path value: separated by commas or the platform's path separator, each a folder of
     * classes or a jar, relative to {@code workspace} unless absolute; blanks ignored.
     */
    public static List<Path> parse(String value, Path workspace) {
        List<Path> entries = new ArrayList<>();
        for (String part : value.split("[," + File.pathSeparator + "]")) {
            if (!part.isBlank()) {
                entries.add(workspace.resolve(part.strip()).normalize());
            }
        }
        return List.copyOf(entries);
    }

    /** {@code parent} itself when {@code entries} is empty, else a class loader over the entries below {@code parent}. */
    public static ClassLoader loader(List<Path> entries, ClassLoader parent) {
        if (entries.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a class path entry: " + entries.get(i), e);
            }
        }
        return new URLClassLoader("orchestrator.classpath", urls, parent);
    }

    /**
     * The class path a {@code source:} scriptlet compiles against: this JVM's {@code java.class.path}, the
     * folders or jars of the engine and Jackson (in case the JVM's class path is a launcher's manifest-only jar),
     * and the entries of any {@link URLClassLoader} between {@code loader} and the system class loader.
     */
    public static List<String> forCompiling(ClassLoader loader) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        for (Class<?> type : List.of(BaseScriptlet.class, JsonNode.class, JsonParser.class, JsonProperty.class)) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                try {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException notAFile) {
                    // a class from a non-file location (a nested jar): java.class.path has to do
                }
            }
        }
        for (ClassLoader l = loader; l != null && l != ClassLoader.getSystemClassLoader(); l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException notAFile) {
                        // not a local file: the compiler could not read it either
                    }
                }
            }
        }
        return List.copyOf(entries);
    }
}
