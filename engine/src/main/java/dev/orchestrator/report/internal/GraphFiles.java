package dev.orchestrator.report.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.internal.TempFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apiguardian.api.API;

/**
 * Writes step graph files: a PNG ({@link PngEncoder}) and its DOT text ({@link GraphDot}), each replacing the
 * file atomically so a reader never sees half a graph. Creates missing parent folders.
 */
@API(status = INTERNAL)
public final class GraphFiles {

    private GraphFiles() {
    }

    /** Writes {@code image} as a PNG to {@code file}. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        writePng(PngEncoder.encode(image), file);
    }

    /** Writes DOT text (UTF-8) to {@code file}. */
    public static void writeDot(String dot, Path file) throws IOException {
        replace(dot.getBytes(StandardCharsets.UTF_8), file, ".dot.tmp");
    }

    /** Writes PNG bytes to {@code file}. */
    static void writePng(byte[] png, Path file) throws IOException {
        replace(png, file, ".png.tmp");
    }

    /** {@code <dir>/<name>.png} and {@code <dir>/<name>.dot}. */
    static void write(Path dir, String name, byte[] png, String dot) throws IOException {
        writePng(png, dir.resolve(name + ".png"));
        writeDot(dot, dir.resolve(name + ".dot"));
    }

    private static void replace(byte[] content, Path file, String suffix) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = TempFiles.createBeside(folder, ".graph", suffix);
        try {
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
