package dev.orchestrator.execution.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store under {@code Data/cache}: entries, objects shared by content, and pruning. */
class CacheStoreTest {

    @TempDir
    Path ws;

    private CacheEntry entry(String fingerprint, String output, String content, Instant used) throws Exception {
        Path file = ws.resolve(output);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        CacheStore store = CacheStore.of(ws);
        List<CacheEntry.Output> outputs = new CachedOutputs(store, ws).store(List.of(output)).orElseThrow();
        CacheEntry entry = new CacheEntry(fingerprint, "r", "s", "run-" + fingerprint.charAt(0), Instant.now(),
                List.of(new CacheEntry.CtxWrite("set", "k", IntNode.valueOf(1))), outputs, null);
        store.putEntry(entry);
        Files.setLastModifiedTime(store.root().resolve("entries/" + fingerprint + ".json"), FileTime.from(used));
        return entry;
    }

    private static String fp(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void anEntryIsReadBackWithItsCtxWritesAndOutputs() throws Exception {
        CacheEntry written = entry(fp('a'), "Data/a.txt", "alpha", Instant.now());
        CacheEntry read = CacheStore.of(ws).lookup(fp('a')).orElseThrow();
        assertThat(read.ctxWrites()).isEqualTo(written.ctxWrites());
        assertThat(read.outputs()).singleElement().satisfies(o -> {
            assertThat(o.path()).isEqualTo("Data/a.txt");
            assertThat(o.size()).isEqualTo(5);
            assertThat(CacheStore.of(ws).object(o.sha256())).hasContent("alpha");
        });
        assertThat(CacheStore.of(ws).lookup(fp('b'))).isEmpty();
    }

    @Test
    void pruneToASizeDropsTheLeastRecentlyUsedFirstAndTheirObjects() throws Exception {
        Instant now = Instant.now();
        entry(fp('a'), "Data/a.txt", "x".repeat(4000), now.minus(Duration.ofHours(3)));
        entry(fp('b'), "Data/b.txt", "y".repeat(4000), now.minus(Duration.ofHours(1)));
        entry(fp('c'), "Data/c.txt", "y".repeat(4000), now.minus(Duration.ofHours(2))); // same bytes as b
        CacheStore store = CacheStore.of(ws);
        long before = store.size();

        CacheStore.PruneResult result = store.prune(before - 1000, null);

        assertThat(result.entriesRemoved()).isEqualTo(1);
        assertThat(result.objectsRemoved()).isEqualTo(1);
        assertThat(store.lookup(fp('a'))).isEmpty();
        assertThat(store.lookup(fp('b'))).isPresent();
        assertThat(store.lookup(fp('c'))).isPresent();
        assertThat(result.bytesAfter()).isEqualTo(store.size()).isLessThanOrEqualTo(before - 1000);

        store.prune(1, null);
        assertThat(store.size()).isZero();
    }

    @Test
    void pruneByAgeKeepsWhatWasUsedSince() throws Exception {
        Instant now = Instant.now();
        entry(fp('a'), "Data/a.txt", "old", now.minus(Duration.ofDays(40)));
        entry(fp('b'), "Data/b.txt", "new", now.minus(Duration.ofDays(1)));
        CacheStore store = CacheStore.of(ws);
        CacheStore.PruneResult result = store.prune(0, now.minus(Duration.ofDays(30)));
        assertThat(result.entriesRemoved()).isEqualTo(1);
        assertThat(result.entriesKept()).isEqualTo(1);
        assertThat(store.lookup(fp('b'))).isPresent();
    }

    @Test
    void aDamagedObjectRestoresNothing() throws Exception {
        CacheEntry entry = entry(fp('a'), "Data/a.txt", "alpha", Instant.now());
        CacheStore store = CacheStore.of(ws);
        Files.writeString(store.object(entry.outputs().get(0).sha256()), "beta!");
        Files.delete(ws.resolve("Data/a.txt"));
        assertThatThrownBy(() -> new CachedOutputs(store, ws).restore(entry.outputs()))
                .isInstanceOf(CacheException.class).hasMessageContaining("Data/a.txt");
        assertThat(ws.resolve("Data/a.txt")).doesNotExist();
    }

    @Test
    void anOutputThatLinksOutOfTheWorkspaceIsRefused(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "s");
        Files.createDirectories(ws.resolve("Data"));
        Files.createSymbolicLink(ws.resolve("Data/link.txt"), outside.resolve("secret.txt"));
        assertThatThrownBy(() -> new CachedOutputs(CacheStore.of(ws), ws).store(List.of("Data/*.txt")))
                .isInstanceOf(CacheException.class).hasMessageContaining("outside the workspace");
    }

    @Test
    void sizesAreReadInUnitsOf1024() {
        assertThat(Sizes.parse("500MB")).isEqualTo(500L << 20);
        assertThat(Sizes.parse("2g")).isEqualTo(2L << 30);
        assertThat(Sizes.parse("64KiB")).isEqualTo(64L << 10);
        assertThat(Sizes.parse("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> Sizes.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sizes.parse("99999999999999TB")).isInstanceOf(IllegalArgumentException.class);
    }
}
