package dev.orchestrator.scriptlets;

import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.internal.WorkspacePaths;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Zip and tar.gz packing and careful unpacking for {@link Archive}. */
final class Archives {

    enum Format { ZIP, TAR_GZ }

    record Limits(long maxBytes, long maxEntries) {
    }

    record Unpacked(int files, long bytes) {
    }

    private Archives() {
    }

    static Format format(Path archive) {
        String name = archive.getFileName().toString().toLowerCase();
        if (name.endsWith(".zip")) {
            return Format.ZIP;
        }
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return Format.TAR_GZ;
        }
        throw new InvalidParamsException("archive name must end with .zip, .tar.gz or .tgz: " + archive.getFileName());
    }

    /** Packs the regular files under {@code inputs} (links not followed), named relative to {@code base}. */
    static int pack(Path base, List<Path> inputs, Path output) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> !p.equals(output)).sorted().forEach(files::add);
            }
        }
        Files.createDirectories(output.getParent());
        Path temp = Files.createTempFile(output.getParent(), "." + output.getFileName(), ".tmp");
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp))) {
            if (format(output) == Format.ZIP) {
                try (ZipOutputStream zip = new ZipOutputStream(raw)) {
                    for (Path file : files) {
                        zip.putNextEntry(new ZipEntry(name(base, file)));
                        Files.copy(file, zip);
                        zip.closeEntry();
                    }
                }
            } else {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(raw))) {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    for (Path file : files) {
                        TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), name(base, file));
                        tar.putArchiveEntry(entry);
                        Files.copy(file, tar);
                        tar.closeArchiveEntry();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return files.size();
    }

    private static String name(Path base, Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    static Unpacked unpack(Path archive, Path target, Limits limits) throws IOException {
        Files.createDirectories(target);
        Path root = target.toRealPath();
        int files = 0;
        long bytes = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive))) {
            if (format(archive) == Format.ZIP) {
                try (ZipInputStream zip = new ZipInputStream(raw)) {
                    for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                        files = count(files, limits);
                        bytes += extract(root, entry.getName(), entry.isDirectory(), zip, limits.maxBytes() - bytes);
                    }
                }
            } else {
                try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
                    for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                        if (!entry.isFile() && !entry.isDirectory()) {
                            throw new IOException("archive entry '" + entry.getName() + "' is a link or device: refused");
                        }
                        files = count(files, limits);
                        bytes += extract(root, entry.getName(), entry.isDirectory(), tar, limits.maxBytes() - bytes);
                    }
                }
            }
        }
        return new Unpacked(files, bytes);
    }

    private static int count(int files, Limits limits) throws IOException {
        if (files + 1 > limits.maxEntries()) {
            throw new IOException("archive has more than " + limits.maxEntries() + " entries (max_entries)");
        }
        return files + 1;
    }

    /** Writes one entry under {@code root}; returns its size. */
    private static long extract(Path root, String name, boolean directory, InputStream in, long budget) throws IOException {
        Path destination = root.resolve(name).normalize();
        if (name.startsWith("/") || name.contains("\\") || !destination.startsWith(root) || destination.equals(root) && !directory) {
            throw new IOException("archive entry '" + name + "' would land outside " + root + ": refused");
        }
        if (!WorkspacePaths.isInside(root, destination)) {
            throw new IOException("archive entry '" + name + "' leads outside " + root + " through a link: refused");
        }
        if (directory) {
            Files.createDirectories(destination);
            return 0;
        }
        Files.createDirectories(destination.getParent());
        long written = 0;
        try (OutputStream out = Files.newOutputStream(destination)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                written += n;
                if (written > budget) {
                    throw new IOException("archive holds more than max_bytes: stopped at '" + name + "'");
                }
                out.write(buffer, 0, n);
            }
        }
        return written;
    }
}
