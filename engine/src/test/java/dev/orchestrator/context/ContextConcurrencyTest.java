package dev.orchestrator.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ContextConcurrencyTest {

    private static final int THREADS = 8;
    private static final int WRITES = 10_000;
    private static final int KEYS = 16; // shared between threads, so writes really contend

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void eightThreadsWritingThroughTheirOwnViewsLoseNoWriteAndKeepHistoryConsistent() throws Exception {
        Context ctx = Context.create("stress", "run-1");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Context view = ctx.actingAs("step_" + t, "Step" + t);
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < WRITES; i++) {
                        view.set("k" + (i % KEYS), thread * WRITES + i);
                        if (i % 1000 == 999) {
                            view.snapshot(); // readers interleaved with writers
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<ChangeRecord> history = ctx.history();
        assertThat(history).hasSize(THREADS * WRITES);

        Set<Integer> written = new HashSet<>();
        Map<String, ChangeRecord> lastByKey = new HashMap<>();
        Map<String, String> previousNewByKey = new HashMap<>();
        for (ChangeRecord record : history) {
            int value = record.value().intValue();
            written.add(value);
            assertThat(record.who()).isEqualTo("step_" + value / WRITES);
            // each record's old is exactly the previous record's new for that key: history order == apply order
            assertThat(record.old().toString()).isEqualTo(previousNewByKey.getOrDefault(record.key(), "null"));
            previousNewByKey.put(record.key(), record.value().toString());
            lastByKey.put(record.key(), record);
        }
        assertThat(written).hasSize(THREADS * WRITES);
        assertThat(ctx.keys()).hasSize(KEYS);
        for (String key : ctx.keys()) {
            assertThat(ctx.get(key)).isEqualTo(lastByKey.get(key).value());
            assertThat(ctx.lastModified(key).orElseThrow()).isEqualTo(lastByKey.get(key));
            assertThat(ctx.getHistory(key)).hasSize(THREADS * WRITES / KEYS);
        }
    }
}
