package dev.orchestrator.bench;

import dev.orchestrator.context.Context;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * 5. Many ctx writes with history: time per {@code Context.set} against {@code HashMap.put}, and retained
 * heap per history entry against a plain {@code ArrayList} of records holding the same fields.
 */
final class ContextWritesBench implements Benchmark {

    private static final int KEYS = 1000;

    /** Keeps results reachable, so the JIT cannot drop the work that made them. */
    static volatile Object sink;

    /** The fields of a change record, the obvious way: what the ctx's history is compared with. */
    record PlainChange(String key, String op, Object old, Object value, String who, String what, Instant when,
                       String recipe, String runId) {
    }

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String name() {
        return "ctx";
    }

    @Override
    public List<Row> run(Options options) throws Exception {
        int writes = options.size(1_000_000, 100_000);
        int runs = options.size(5, 3);
        String[] keys = new String[KEYS];
        for (int k = 0; k < KEYS; k++) {
            keys[k] = "key_" + k;
        }
        Samples ctxTime = Measure.millis(1, runs, () -> Measure.time(() -> sink = ctxWrites(keys, writes)))
                .per(writes / 1e6, "ns/write");
        Samples mapTime = Measure.millis(1, runs, () -> Measure.time(() -> sink = mapPuts(keys, writes)))
                .per(writes / 1e6, "ns/put");

        sink = null;
        List<Double> ctxBytes = new ArrayList<>();
        List<Double> plainBytes = new ArrayList<>();
        for (int run = 0; run < options.size(3, 2); run++) {
            long before = usedHeapAfterGc();
            Context ctx = ctxWrites(keys, writes);
            ctxBytes.add((double) (usedHeapAfterGc() - before) / writes);
            Reference.reachabilityFence(ctx);
            ctx = null; // NOPMD: released before the baseline is measured

            before = usedHeapAfterGc();
            List<PlainChange> plain = plainHistory(keys, writes);
            plainBytes.add((double) (usedHeapAfterGc() - before) / writes);
            Reference.reachabilityFence(plain);
        }
        String what = String.format("%,d writes over %,d keys", writes, KEYS);
        return List.of(
                Row.info(5, "Context.set with history, " + what, ctxTime, "HashMap<String, Object>.put", mapTime),
                Row.info(5, "retained heap per history entry (ctx held, after System.gc())",
                        new Samples(ctxBytes, "B/entry"),
                        "ArrayList of records with the same 9 fields (Integer values, Instant)",
                        new Samples(plainBytes, "B/entry")));
    }

    private static Context ctxWrites(String[] keys, int writes) {
        Context ctx = Context.create("ctx_writes", "bench");
        for (int i = 0; i < writes; i++) {
            ctx.set(keys[i % KEYS], i);
        }
        return ctx;
    }

    private static Map<String, Object> mapPuts(String[] keys, int writes) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < writes; i++) {
            map.put(keys[i % KEYS], i);
        }
        return map;
    }

    private static List<PlainChange> plainHistory(String[] keys, int writes) {
        Map<String, Object> current = new HashMap<>();
        List<PlainChange> history = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            String key = keys[i % KEYS];
            Object value = i;
            Object old = current.put(key, value);
            history.add(new PlainChange(key, "set", old, value, "runner", "runner", Instant.now(), "ctx_writes", "bench"));
        }
        return history;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        // several collections: one System.gc() may leave garbage that a later one finds
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
