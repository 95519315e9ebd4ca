package dev.orchestrator.scriptlet.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Where a path really leads, links followed, even when it does not exist yet: a file about to be written
 * lands where its nearest existing ancestor really is. Used to keep scriptlet paths and {@code files_exist}
 * inside the workspace at the moment they are used (a link placed in {@code Data/} after the recipe was
 * validated must not let a step write or vouch for a file outside).
 */
@API(status = INTERNAL)
public final class WorkspacePaths {

    /** Linux's own limit on links followed while resolving one path. */
    private static final int MAX_LINKS = 40;

    private WorkspacePaths() {
    }

    /**
     * The real location of {@code path}: its real path when it exists; otherwise the real path of its nearest
     * existing ancestor with the rest appended, following a dangling link to where it points.
     *
     * @throws IOException if an ancestor cannot be read, or links loop
     */
    public static Path realLocation(Path path) throws IOException {
        return realLocation(path.toAbsolutePath().normalize(), 0);
    }

    /**
     * Whether {@code path} really lies inside {@code workspace} (the workspace itself included), links
     * followed; false when it cannot be told.
     */
    public static boolean isInside(Path workspace, Path path) {
        try {
            return realLocation(path).startsWith(realLocation(workspace));
        } catch (IOException e) {
            return false;
        }
    }

    private static Path realLocation(Path path, int links) throws IOException {
        if (links > MAX_LINKS) {
            throw new IOException("too many levels of links: " + path);
        }
        if (Files.exists(path)) {
            return path.toRealPath();
        }
        Path parent = path.getParent();
        if (parent == null) {
            return path;
        }
        Path realParent = realLocation(parent, links);
        if (Files.isSymbolicLink(path)) {
            // dangling: writing to it would create its target, so the target is where it leads
            return realLocation(realParent.resolve(Files.readSymbolicLink(path)).normalize(), links + 1);
        }
        return realParent.resolve(path.getFileName());
    }
}
