package dev.orchestrator.execution.cache.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Files of the workspace that a {@code cache:} glob matches ({@code java.nio} glob syntax against the
 * workspace-relative path with {@code /}), sorted. Only the folders below the glob's literal prefix are walked,
 * links to folders are not followed, the store itself ({@code Data/cache}) never matches, and a matching file whose
 * real path is outside the workspace is refused.
 */
final class WorkspaceGlobs {

    static final String STORE = "Data/cache";

    private final Path workspace;
    private final Path realWorkspace;

    WorkspaceGlobs(Path workspace) throws IOException {
        this.workspace = workspace;
        this.realWorkspace = workspace.toRealPath();
    }

    /** The workspace-relative paths ({@code /}-separated) of the regular files {@code glob} matches, sorted. */
    List<String> files(String glob) throws IOException, CacheException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        Path start = workspace.resolve(literalPrefix(glob)).normalize();
        if (!start.startsWith(workspace)) {
            throw new CacheException("glob '" + glob + "' leaves the workspace");
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        TreeSet<String> found = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                String relative = relative(file);
                if (relative.equals(STORE) || relative.startsWith(STORE + "/") || !Files.isRegularFile(file)
                        || !matcher.matches(Path.of(relative))) {
                    continue;
                }
                if (!file.toRealPath().startsWith(realWorkspace)) {
                    throw new CacheException("'" + relative + "' (matched by '" + glob + "') links outside the workspace");
                }
                found.add(relative);
            }
        }
        return List.copyOf(found);
    }

    /** {@code relative} inside the workspace, refusing a path (or an existing parent link) that leads out of it. */
    Path resolve(String relative) throws CacheException, IOException {
        Path path = workspace.resolve(relative).normalize();
        if (!path.startsWith(workspace)) {
            throw new CacheException("'" + relative + "' is outside the workspace");
        }
        for (Path p = path; p != null && p.startsWith(workspace); p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!p.toRealPath().startsWith(realWorkspace)) {
                    throw new CacheException("'" + relative + "' leads outside the workspace through a link");
                }
                break;
            }
        }
        return path;
    }

    private String relative(Path file) {
        List<String> parts = new ArrayList<>();
        workspace.relativize(file).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    /** The folders of {@code glob} before its first segment with a wildcard ({@code Data/in} of {@code Data/in/*.csv}). */
    static String literalPrefix(String glob) {
        String[] segments = glob.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].chars().anyMatch(c -> "*?[{\\".indexOf(c) >= 0)) {
                break;
            }
            prefix.append(prefix.length() == 0 ? "" : "/").append(segments[i]);
        }
        return prefix.toString();
    }
}
