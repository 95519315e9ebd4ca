package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The Python core ({@code scriptlets/python/core}: bridge, ctx proxy, CLI …) and the shell library
 * ({@code scriptlets/shell/lib}: {@code ctx.sh}, {@code common.sh}) that ship as resources of the engine jar,
 * unpacked for the process steps of a workspace that has no copy of its own.
 *
 * <p>Contract:
 * <ul>
 *   <li>The files are unpacked once per content into {@code <cache root>/<engine version>-<content hash>/}
 *       (cache root: {@code $XDG_CACHE_HOME/orchestrator}, else {@code ~/.cache/orchestrator}), which then
 *       holds {@code scriptlets/__init__.py}, {@code scriptlets/python/core/…} and
 *       {@code scriptlets/shell/lib/…}. A folder of that name is complete: files are written into a
 *       temporary folder beside it and renamed into place in one step, so JVMs that race both succeed and
 *       share the winner's folder.</li>
 *   <li>{@link #exposeTo} sets, for one process step: {@code PYTHONPATH} gets the unpacked folder appended
 *       (after any inherited entries) unless the workspace has its own {@code scriptlets/python/core}; the
 *       workspace comes first on {@code sys.path} anyway (the bridge runs with {@code -m} from it), so its
 *       own core wins and its own {@code scriptlets.python.steps} still import (the bundled
 *       {@code scriptlets} packages extend their path to every {@code scriptlets} folder on
 *       {@code sys.path}). {@code ORCH_SHELL_LIB} names the folder holding {@code ctx.sh} and
 *       {@code common.sh}: the workspace's own {@code scriptlets/shell/lib} when it has one, else the
 *       unpacked one. Nothing is unpacked when the workspace has both of its own.</li>
 *   <li>{@code java -cp <engine jar> dev.orchestrator.execution.internal.BundledScriptlets} unpacks and prints the
 *       two {@code export} lines, for running scriptlets alone outside the engine.</li>
 * </ul>
 */
@API(status = INTERNAL)
public final class BundledScriptlets {

    /** The folder of the engine jar that holds {@code scriptlets/…} (see the engine's pom). */
    static final String RESOURCES = "dev/orchestrator/bundled";

    private static final String PROBE = RESOURCES + "/scriptlets/__init__.py";

    /** Temporary folders of unpackings that died half-way are deleted once they are this old. */
    private static final Duration STALE = Duration.ofHours(1);

    private static final class Shared {
        static final BundledScriptlets INSTANCE = new BundledScriptlets(defaultCacheRoot(System.getenv(),
                System.getProperty("user.home")));
    }

    private final Path cacheRoot;
    private Path unpacked;

    BundledScriptlets(Path cacheRoot) {
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
    }

    /** The instance of this JVM, unpacking into the user's cache folder. */
    static BundledScriptlets shared() {
        return Shared.INSTANCE;
    }

    /**
     * {@code $XDG_CACHE_HOME/orchestrator} when that variable holds an absolute path (the XDG rule), else
     * {@code <home>/.cache/orchestrator}.
     */
    static Path defaultCacheRoot(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "orchestrator");
        }
        return Path.of(userHome, ".cache", "orchestrator");
    }

    /**
     * Sets {@code PYTHONPATH} and {@code ORCH_SHELL_LIB} in {@code env} for a process step run in
     * {@code workspace} (see the class comment).
     *
     * @throws StepFailedException when the files cannot be unpacked
     */
    void exposeTo(Map<String, String> env, Path workspace) {
        boolean ownPython = Files.isRegularFile(workspace.resolve("scriptlets/python/core/bridge.py"));
        Path ownShell = workspace.resolve("scriptlets/shell/lib");
        boolean ownShellLib = Files.isRegularFile(ownShell.resolve("ctx.sh"));
        Path bundled = ownPython && ownShellLib ? null : unpackedOrFail();
        if (!ownPython) {
            env.merge("PYTHONPATH", bundled.toString(),
                    (inherited, ours) -> inherited.isEmpty() ? ours : inherited + File.pathSeparator + ours);
        }
        env.put("ORCH_SHELL_LIB", (ownShellLib ? ownShell : shellLib(bundled)).toString());
    }

    private Path unpackedOrFail() {
        try {
            return unpacked();
        } catch (IOException | UncheckedIOException e) {
            throw new StepFailedException("cannot unpack the engine's Python core and shell library into "
                    + cacheRoot + ": " + e.getMessage() + " (set XDG_CACHE_HOME to a writable folder)");
        }
    }

    static Path shellLib(Path unpacked) {
        return unpacked.resolve("scriptlets").resolve("shell").resolve("lib");
    }

    /** The folder holding the unpacked {@code scriptlets/}; unpacks it at the first call. */
    synchronized Path unpacked() throws IOException {
        if (unpacked == null) {
            SortedMap<String, byte[]> files = read();
            unpacked = unpack(files, cacheRoot.resolve(folderName(version(), files)));
        }
        return unpacked;
    }

    /** {@code <version>-<first 16 hex digits of the content's SHA-256>}. */
    static String folderName(String version, SortedMap<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Integer.toString(file.getValue().length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) 0);
                sha.update(file.getValue());
            }
            return version.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                    + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String version() {
        String version = BundledScriptlets.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * Writes {@code files} into a fresh temporary folder beside {@code target}, then renames it to
     * {@code target}. When another JVM renamed its copy first, that one is kept and ours is deleted: the
     * name carries the content hash, so both hold the same files.
     */
    static Path unpack(SortedMap<String, byte[]> files, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        deleteStaleTemporaries(parent);
        Path temporary = Files.createTempDirectory(parent, ".unpacking-");
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = temporary.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lostTheRace) {
                if (!Files.isDirectory(target)) {
                    throw lostTheRace;
                }
            }
            return target;
        } finally {
            deleteTree(temporary);
        }
    }

    private static void deleteStaleTemporaries(Path parent) {
        FileTime before = FileTime.from(Instant.now().minus(STALE));
        try (Stream<Path> entries = Files.list(parent)) {
            entries.filter(p -> p.getFileName().toString().startsWith(".unpacking-")).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p).compareTo(before) < 0) {
                        deleteTree(p);
                    }
                } catch (IOException ignored) {
                    // another JVM may be deleting it right now
                }
            });
        } catch (IOException ignored) {
            // cleaning up is a courtesy; unpacking does not depend on it
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder left behind is deleted by a later unpacking once it is stale
        }
    }

    /**
     * The bundled files, relative path ({@code scriptlets/…}, '/'-separated) to content, read from the
     * engine jar, or from the build's classes folder when the engine runs unpackaged (reactor builds, IDEs).
     */
    static SortedMap<String, byte[]> read() throws IOException {
        URL probe = BundledScriptlets.class.getClassLoader().getResource(PROBE);
        if (probe == null) {
            throw new IOException("the engine's class path holds no " + PROBE);
        }
        URI uri;
        try {
            uri = probe.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("cannot read " + probe, e);
        }
        if ("file".equals(uri.getScheme())) {
            return readTree(Path.of(uri).getParent().getParent());
        }
        String text = uri.toString();
        int bang = text.indexOf("!/");
        if (!"jar".equals(uri.getScheme()) || bang < 0) {
            throw new IOException("cannot list the bundled scriptlets at " + probe);
        }
        Path jar = Path.of(URI.create(text.substring("jar:".length(), bang)));
        // a private file system of our own: the shared one of the jar's URI may be open or closed by others
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            return readTree(zip.getPath("/" + RESOURCES));
        }
    }

    private static SortedMap<String, byte[]> readTree(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String relative = root.relativize(path).toString().replace(root.getFileSystem().getSeparator(), "/");
                if (Files.isRegularFile(path) && !relative.contains("__pycache__") && !relative.endsWith(".pyc")) {
                    files.put(relative, Files.readAllBytes(path));
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no bundled scriptlets under " + root);
        }
        return files;
    }

    /**
     * Unpacks into the user's cache folder (or the folder given as the only argument) and prints the shell
     * lines that make scriptlets run alone as under the engine:
     * {@code eval "$(java -cp <engine jar> dev.orchestrator.execution.internal.BundledScriptlets)"}.
     */
    public static void main(String[] args) throws IOException {
        BundledScriptlets bundled = args.length > 0 ? new BundledScriptlets(Path.of(args[0])) : shared();
        Path folder = bundled.unpacked();
        System.out.println("export PYTHONPATH=\"${PYTHONPATH:+$PYTHONPATH:}\"" + quoted(folder));
        System.out.println("export ORCH_SHELL_LIB=" + quoted(shellLib(folder)));
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
