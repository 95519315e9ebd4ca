package dev.orchestrator.context;

import dev.orchestrator.context.internal.Durability;
import java.io.IOException;
import java.io.FileDescriptor;
import java.io.SyncFailedException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit for {@link Durability#POWER_LOSS}: one daemon thread per JVM forces journals to disk. A
 * writer appends its records, then {@link #sync}s and waits; the thread takes every request queued by
 * then and forces each distinct file once, so steps that finish while an fsync is running share the next.
 */
final class GroupCommit {

    private record Request(FileDescriptor file, CompletableFuture<Void> done) {
    }

    private static final LinkedBlockingQueue<Request> QUEUE = new LinkedBlockingQueue<>();

    static {
        Thread thread = new Thread(GroupCommit::loop, "orchestrator-ctx-journal-fsync");
        thread.setDaemon(true); // a pending fsync must not keep a finished JVM alive; writers wait for theirs
        thread.start();
    }

    private GroupCommit() {
    }

    /** Returns once everything written to {@code file} before the call is on stable storage. */
    static void sync(FileDescriptor file) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        QUEUE.add(new Request(file, done));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the ctx journal to reach the disk", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static void loop() {
        List<Request> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(QUEUE.take());
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread on purpose; never strand a waiting writer
            }
            QUEUE.drainTo(batch);
            Map<FileDescriptor, Throwable> forced = new IdentityHashMap<>();
            for (Request r : batch) {
                if (!forced.containsKey(r.file())) {
                    Throwable failure = null;
                    try {
                        r.file().sync();
                    } catch (SyncFailedException | RuntimeException e) {
                        failure = e;
                    }
                    forced.put(r.file(), failure);
                }
                Throwable failure = forced.get(r.file());
                if (failure == null) {
                    r.done().complete(null);
                } else {
                    r.done().completeExceptionally(failure);
                }
            }
            batch.clear();
        }
    }
}
