package dev.orchestrator.execution.cache.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.internal.ContextJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The content-addressed step cache of a workspace, {@code Data/cache/}: {@code objects/<sha256>} holds output
 * files by content (shared by every entry that produced the same bytes), {@code entries/<fingerprint>.json} one
 * {@link CacheEntry} per fingerprint. Files appear by an atomic rename, so a reader never sees half an entry or
 * half an object, and several runs (or shard processes) may share the store. An entry's modification time is
 * its last use: {@link #prune} drops the least recently used first.
 */
@API(status = INTERNAL)
public final class CacheStore {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path objects;
    private final Path entries;

    private CacheStore(Path root) {
        this.root = root;
        this.objects = root.resolve("objects");
        this.entries = root.resolve("entries");
    }

    /** The store of {@code workspace}: {@code <workspace>/Data/cache}. */
    public static CacheStore of(Path workspace) {
        return new CacheStore(workspace.resolve(WorkspaceGlobs.STORE));
    }

    public Path root() {
        return root;
    }

    /** The entry written for {@code fingerprint}, if any (an unreadable one counts as none). */
    public Optional<CacheEntry> lookup(String fingerprint) {
        Path file = entryFile(fingerprint);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContextJson.mapper().readValue(file.toFile(), CacheEntry.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Marks the entry as used now, for {@link #prune}. */
    public void touch(CacheEntry entry) {
        try {
            Files.setLastModifiedTime(entryFile(entry.fingerprint()), FileTime.from(Instant.now()));
        } catch (IOException e) {
            // only the pruning order suffers
        }
    }

    /** Where the bytes with {@code sha256} are kept. */
    public Path object(String sha256) {
        if (!HASH.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in hex: " + sha256);
        }
        return objects.resolve(sha256);
    }

    /** Copies {@code file} into the store unless bytes with {@code sha256} are there already. */
    void putObject(String sha256, Path file) throws IOException {
        Path target = object(sha256);
        if (Files.isRegularFile(target)) {
            target.toFile().setLastModified(System.currentTimeMillis());
            return;
        }
        Files.createDirectories(objects);
        Path tmp = objects.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.copy(file, tmp);
            if (!Fingerprint.sha256(tmp).equals(sha256)) {
                throw new IOException(file + " changed while it was stored");
            }
            moveInPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code entry} under its fingerprint, replacing an older one. */
    public void putEntry(CacheEntry entry) throws IOException {
        Files.createDirectories(entries);
        Path tmp = entries.resolve(".tmp-" + UUID.randomUUID());
        try {
            ContextJson.mapper().writeValue(tmp.toFile(), entry);
            moveInPlace(tmp, entryFile(entry.fingerprint()));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void moveInPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path entryFile(String fingerprint) {
        if (!HASH.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("not a fingerprint: " + fingerprint);
        }
        return entries.resolve(fingerprint + ".json");
    }

    /** The bytes the store takes now: entries and objects. */
    public long size() {
        return sizeOf(entries) + sizeOf(objects);
    }

    /**
     * Drops entries last used before {@code olderThan} (if given), then the least recently used until the store
     * takes at most {@code maxBytes} (if positive), then every object no remaining entry names. Unreadable entries
     * and temporary files an interrupted write left are removed too.
     */
    public PruneResult prune(long maxBytes, Instant olderThan) {
        long before = size();
        List<Held> held = new ArrayList<>();
        int removed = 0;
        for (Path file : list(entries)) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".json") || !HASH.matcher(name.substring(0, name.length() - 5)).matches()) {
                removed += deleteQuietly(file) && !name.startsWith(".tmp-") ? 1 : 0;
                continue;
            }
            try {
                CacheEntry entry = ContextJson.mapper().readValue(file.toFile(), CacheEntry.class);
                held.add(new Held(file, Files.getLastModifiedTime(file).toInstant(), Files.size(file), entry));
            } catch (IOException unreadable) {
                removed += deleteQuietly(file) ? 1 : 0;
            }
        }
        held.sort(java.util.Comparator.comparing(Held::used));
        java.util.Map<String, Integer> refs = new java.util.HashMap<>();
        held.forEach(h -> h.entry().outputs().forEach(o -> refs.merge(o.sha256(), 1, Integer::sum)));
        long size = held.stream().mapToLong(Held::bytes).sum()
                + refs.keySet().stream().mapToLong(this::objectSize).sum();
        List<Held> kept = new ArrayList<>();
        for (Held h : held) {
            boolean old = olderThan != null && h.used().isBefore(olderThan);
            if (old || (maxBytes > 0 && size > maxBytes)) {
                deleteQuietly(h.file());
                removed++;
                size -= h.bytes();
                for (CacheEntry.Output o : h.entry().outputs()) {
                    if (refs.merge(o.sha256(), -1, Integer::sum) == 0) {
                        refs.remove(o.sha256());
                        size -= objectSize(o.sha256());
                    }
                }
            } else {
                kept.add(h);
            }
        }
        int objectsRemoved = 0;
        for (Path file : list(objects)) {
            if (!refs.containsKey(file.getFileName().toString())) {
                objectsRemoved += deleteQuietly(file) ? 1 : 0;
            }
        }
        return new PruneResult(removed, kept.size(), objectsRemoved, before, size());
    }

    /**
     * What {@link #prune} did.
     *
     * @param entriesRemoved entries dropped
     * @param entriesKept    entries left
     * @param objectsRemoved objects dropped (no entry named them any more)
     * @param bytesBefore    the store's size before
     * @param bytesAfter     its size after
     */
    @API(status = INTERNAL)
    public record PruneResult(int entriesRemoved, int entriesKept, int objectsRemoved, long bytesBefore,
                              long bytesAfter) {
    }

    private record Held(Path file, Instant used, long bytes, CacheEntry entry) {
    }

    private long objectSize(String sha256) {
        try {
            return Files.size(object(sha256));
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static long sizeOf(Path folder) {
        long total = 0;
        for (Path file : list(folder)) {
            try {
                total += Files.size(file);
            } catch (NoSuchFileException gone) {
                // pruned or replaced meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + file, e);
            }
        }
        return total;
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }
}
