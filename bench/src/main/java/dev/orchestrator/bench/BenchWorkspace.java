package dev.orchestrator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** A generated workspace in a temporary folder, deleted on {@link #close()}; never the repository's. */
final class BenchWorkspace implements AutoCloseable {

    private final Path root;

    private BenchWorkspace(Path root) {
        this.root = root;
    }

    static BenchWorkspace create(Options options, String name) throws IOException {
        Files.createDirectories(options.tmp());
        return new BenchWorkspace(Files.createTempDirectory(options.tmp(), "orchestrator-bench-" + name + "-")
                .toRealPath());
    }

    Path root() {
        return root;
    }

    Path recipes() {
        return root.resolve("recipes");
    }

    /** Writes {@code relative} (folders created) and returns its path. */
    Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** {@code store_on_ram.txt}: true keeps ctx checkpoints in memory, false writes them (with fsync) to Data/. */
    BenchWorkspace checkpointsOnRam(boolean ram) throws IOException {
        write("store_on_ram.txt", ram + "\n");
        return this;
    }

    /** Removes what a run left (Logs/, Data/), so every run starts from the same state; not timed. */
    void clearOutputs() throws IOException {
        deleteTree(root.resolve("Logs"));
        deleteTree(root.resolve("Data"));
    }

    /** An executable {@code scriptlets/shell/noop.sh} that runs {@code true}; returns its workspace path. */
    String shellNoop() throws IOException {
        Path script = write("scriptlets/shell/noop.sh", "#!/usr/bin/env bash\ntrue\n");
        script.toFile().setExecutable(true);
        return "scriptlets/shell/noop.sh";
    }

    /**
     * The repository's Python core (bridge, ctx proxy) plus {@code steps/noop.py} with a do-nothing
     * {@code BaseScriptlet} named {@code Noop}; returns its module name.
     */
    String pythonNoop(Path repo) throws IOException {
        if (repo == null) {
            throw new IllegalStateException("cannot find scriptlets/python/core: run from the repository or pass --repo");
        }
        write("scriptlets/__init__.py", "");
        write("scriptlets/python/__init__.py", "");
        copyTree(repo.resolve("scriptlets/python/core"), root.resolve("scriptlets/python/core"));
        write("steps/__init__.py", "");
        write("steps/noop.py", """
                from scriptlets.python.core.base import BaseScriptlet


                class Noop(BaseScriptlet):
                    def run(self, ctx, params):
                        return None
                """);
        return "steps.noop";
    }

    @Override
    public void close() throws IOException {
        deleteTree(root);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                if (source.toString().contains("__pycache__")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
