package dev.orchestrator.secrets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;

/**
 * Masks a text file in place, for what reached it without passing through a {@link Masker} (a child
 * process's stderr and its own writes to its log). The file is read in chunks that end at a line break
 * where there is one, so memory stays bounded whatever the file's size; it is rewritten (through a
 * temporary file moved over it) only when something was masked. Malformed UTF-8 is read as U+FFFD.
 */
final class MaskedFile {

    private static final int CHUNK = 1 << 20;

    private MaskedFile() {
    }

    static boolean mask(Path file, UnaryOperator<String> masker) throws IOException {
        if (!Files.isRegularFile(file) || !changes(file, masker)) {
            return false;
        }
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".masking");
        try {
            try (Reader in = reader(file);
                 BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                forEachChunk(in, chunk -> {
                    out.write(masker.apply(chunk));
                    return false;
                });
            }
            keepPermissions(file, temp);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return true;
    }

    private static boolean changes(Path file, UnaryOperator<String> masker) throws IOException {
        try (Reader in = reader(file)) {
            return forEachChunk(in, chunk -> !masker.apply(chunk).equals(chunk));
        }
    }

    private interface ChunkAction {
        /** Returns true to stop. */
        boolean accept(String chunk) throws IOException;
    }

    /** Calls {@code action} on consecutive chunks ending at a line break when the chunk holds one. */
    private static boolean forEachChunk(Reader in, ChunkAction action) throws IOException {
        char[] buffer = new char[CHUNK];
        StringBuilder carry = new StringBuilder();
        int read;
        while ((read = in.read(buffer)) >= 0) {
            carry.append(buffer, 0, read);
            int cut = carry.lastIndexOf("\n");
            if (cut < 0 && carry.length() < CHUNK) {
                continue;
            }
            int end = cut < 0 ? carry.length() : cut + 1;
            if (action.accept(carry.substring(0, end))) {
                return true;
            }
            carry.delete(0, end);
        }
        return carry.length() > 0 && action.accept(carry.toString());
    }

    /** A temporary file is private (0600); the masked log keeps the mode the original had. */
    private static void keepPermissions(Path original, Path copy) throws IOException {
        try {
            Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(original));
        } catch (UnsupportedOperationException notPosix) {
            // other file systems: the default mode of a new file
        }
    }

    private static Reader reader(Path file) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }
}
