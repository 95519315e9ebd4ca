package dev.orchestrator.execution.cache.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The engine's version for fingerprints: its jar's {@code Implementation-Version}; for classes from a build folder
 * (an IDE, a reactor build), where there is no manifest, {@code development-} and a hash of every file in that
 * folder, so a rebuilt engine that changed does not serve the cache entries of the one before it.
 */
final class EngineVersion {

    private static final String VERSION = read();

    private EngineVersion() {
    }

    static String get() {
        return VERSION;
    }

    private static String read() {
        CodeSource source = EngineVersion.class.getProtectionDomain().getCodeSource();
        Path location = null;
        try {
            location = source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            // not a file (a custom class loader): only the manifest can tell
        }
        return of(EngineVersion.class.getPackage().getImplementationVersion(), location);
    }

    /**
     * The version for fingerprints.
     *
     * @param implementationVersion the jar manifest's {@code Implementation-Version}, null or blank when none
     * @param location              the folder or file the engine's classes were loaded from, null when unknown
     * @return {@code implementationVersion} when there is one; else {@code development-} and 16 hex digits of a
     *         SHA-256 over the location's files (relative path and content of each, for a folder; size and
     *         modification time, for a file); plain {@code development} when there is no location to read
     */
    static String of(String implementationVersion, Path location) {
        if (implementationVersion != null && !implementationVersion.isBlank()) {
            return implementationVersion;
        }
        if (location == null || !Files.exists(location)) {
            return "development";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(location)) {
                List<Path> files;
                try (Stream<Path> all = Files.walk(location)) {
                    files = all.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    sha.update(location.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    sha.update(Files.readAllBytes(file));
                    sha.update((byte) 0);
                }
            } else {
                sha.update((Files.size(location) + "/" + Files.getLastModifiedTime(location).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return "development-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the engine's classes at " + location
                    + " for the step cache's fingerprint", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
