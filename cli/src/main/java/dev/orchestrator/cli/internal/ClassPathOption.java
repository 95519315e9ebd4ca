package dev.orchestrator.cli.internal;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.scriptlet.internal.ScriptletClassPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --classpath PATHS} option of the commands that load recipes: compiled scriptlet classes outside the
 * jar (docs/cli.md). The same as the configuration key {@code orchestrator.classpath}, which is read too.
 */
final class ClassPathOption {

    @Option(names = "--classpath", paramLabel = "PATHS",
            description = "Folders of compiled classes or jars (separated by ',' or the path separator, relative to the "
                    + "workspace) where java step classes are also found; adds to -c orchestrator.classpath.")
    String classPath;

    /** The entries of {@code --classpath} and of {@code config}'s {@code orchestrator.classpath}; each must exist. */
    List<Path> entries(Path root, Map<String, String> config) {
        List<Path> entries = new ArrayList<>();
        String configured = config.get(Constants.CLASSPATH);
        if (configured != null) {
            entries.addAll(ScriptletClassPath.parse(configured, root));
        }
        if (classPath != null) {
            entries.addAll(ScriptletClassPath.parse(classPath, root));
        }
        for (Path entry : entries) {
            if (!Files.exists(entry)) {
                throw new UsageException("class path entry " + entry + " does not exist");
            }
        }
        return List.copyOf(entries);
    }

    /** The class loader recipes are validated with: the entries over this thread's context class loader. */
    ClassLoader loader(Path root, Map<String, String> config) {
        return ScriptletClassPath.loader(entries(root, config), Thread.currentThread().getContextClassLoader());
    }
}
