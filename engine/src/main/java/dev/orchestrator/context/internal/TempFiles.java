package dev.orchestrator.context.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.apiguardian.api.API;

/**
 * A temporary file beside an output, to be written and then moved into place. Unlike
 * {@link Files#createTempFile}, which makes the file readable by its owner only (0600), the file gets the
 * permissions of any new file ({@code 0666} less the umask), so the output it becomes (a checkpoint, a
 * workbook, a PNG) can be read by whoever the user's umask lets read their files.
 */
@API(status = INTERNAL)
public final class TempFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TempFiles() {
    }

    /**
     * Creates a new, empty file {@code <prefix><random><suffix>} in {@code dir}, which must exist.
     *
     * @throws IOException if it cannot be created
     */
    public static Path createBeside(Path dir, String prefix, String suffix) throws IOException {
        while (true) {
            Path candidate = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another writer drew the same name: draw again
            }
        }
    }
}
