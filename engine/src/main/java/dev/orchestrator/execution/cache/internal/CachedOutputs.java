package dev.orchestrator.execution.cache.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apiguardian.api.API;

/** A step's declared output files, between the workspace and the store's objects. */
@API(status = INTERNAL)
public final class CachedOutputs {

    private final CacheStore store;
    private final WorkspaceGlobs globs;

    public CachedOutputs(CacheStore store, Path workspace) throws IOException {
        this.store = store;
        this.globs = new WorkspaceGlobs(workspace);
    }

    /**
     * Copies the files {@code outputGlobs} match into the store; empty when a glob matches no file (the step's
     * outputs are missing, so its result cannot be restored and must not be cached).
     */
    public Optional<List<CacheEntry.Output>> store(List<String> outputGlobs) throws IOException, CacheException {
        List<CacheEntry.Output> outputs = new ArrayList<>();
        for (String glob : outputGlobs) {
            List<String> files = globs.files(glob);
            if (files.isEmpty()) {
                return Optional.empty();
            }
            for (String relative : files) {
                Path file = globs.resolve(relative);
                String sha = Fingerprint.sha256(file);
                store.putObject(sha, file);
                if (outputs.stream().noneMatch(o -> o.path().equals(relative))) {
                    outputs.add(new CacheEntry.Output(relative, sha, Files.size(file), Files.isExecutable(file)));
                }
            }
        }
        return Optional.of(outputs);
    }

    /**
     * Puts every output back byte for byte (a file that already holds the bytes is left alone). Every object is
     * checked first, so a missing or damaged one restores nothing.
     *
     * @return the paths written
     * @throws CacheException when an object is missing or does not hold its bytes
     */
    public List<String> restore(List<CacheEntry.Output> outputs) throws IOException, CacheException {
        for (CacheEntry.Output output : outputs) {
            Path object = store.object(output.sha256());
            if (!Files.isRegularFile(object) || !Fingerprint.sha256(object).equals(output.sha256())) {
                throw new CacheException("the stored copy of " + output.path() + " is missing or damaged");
            }
            globs.resolve(output.path());
        }
        List<String> written = new ArrayList<>();
        for (CacheEntry.Output output : outputs) {
            Path target = globs.resolve(output.path());
            if (Files.isRegularFile(target) && Fingerprint.sha256(target).equals(output.sha256())) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(".orchestrator-restore-" + UUID.randomUUID());
            try {
                Files.copy(store.object(output.sha256()), tmp);
                if (output.executable()) {
                    tmp.toFile().setExecutable(true);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            written.add(output.path());
        }
        return written;
    }
}
