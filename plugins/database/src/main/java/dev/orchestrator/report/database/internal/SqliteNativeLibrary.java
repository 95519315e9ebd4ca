package dev.orchestrator.report.database.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Loads sqlite-jdbc's native library before the driver's first connection, with bulk reads and writes. Left to
 * itself, the driver copies its library (about 1 MB) out of the jar into the temporary folder at every launch and
 * then compares the copy with the jar's entry one byte per call: tens of milliseconds of CPU in a fresh JVM, paid
 * by every CLI launch and every shard process (bench row 6, docs/scale-out.md).
 *
 * <p>Here the jar's entry is read and written in one piece into a new private folder under the same temporary
 * folder the driver would use ({@code org.sqlite.tmpdir}, else {@code java.io.tmpdir}), the driver is pointed at
 * it for its one initialization ({@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}, cleared again right
 * after) and the copy is deleted once loaded. The library loaded is the same file. Users who set either property
 * keep their own library; a driver without a bundled library for this platform, or any failure here, leaves the
 * loading to the driver as before.
 */
final class SqliteNativeLibrary {

    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";

    private static boolean attempted;

    private SqliteNativeLibrary() {
    }

    /** Loads the library once per JVM; later calls return at once. Never throws. */
    static synchronized void load() {
        if (attempted) {
            return;
        }
        attempted = true;
        if (System.getProperty(PATH) != null || System.getProperty(NAME) != null) {
            return;
        }
        String tmp = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
        try {
            loadFrom(Path.of(tmp));
        } catch (Exception | LinkageError e) {
            // the driver loads its library its own way when the first connection opens
        }
    }

    /**
     * Copies the bundled library into a new folder under {@code tmp}, has the driver load it and deletes the copy.
     *
     * @return false when this driver bundles no library for this platform (nothing was done)
     */
    static boolean loadFrom(Path tmp) throws Exception {
        String name = LibraryLoaderUtil.getNativeLibName();
        byte[] library;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
            if (in == null) {
                return false;
            }
            library = in.readAllBytes();
        }
        Path dir = Files.createTempDirectory(tmp, "orchestrator-sqlite-");
        Path file = dir.resolve(name);
        try {
            Files.write(file, library);
            System.setProperty(PATH, dir.toString());
            System.setProperty(NAME, name);
            try {
                SQLiteJDBCLoader.initialize();
            } finally {
                System.clearProperty(PATH);
                System.clearProperty(NAME);
            }
            return true;
        } finally {
            delete(file, dir);
        }
    }

    /** A loaded library can be unlinked on Linux and macOS; where it cannot (Windows), it goes when the JVM exits. */
    private static void delete(Path file, Path dir) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
        }
    }
}
