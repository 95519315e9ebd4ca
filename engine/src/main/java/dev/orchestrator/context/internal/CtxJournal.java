package dev.orchestrator.context.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.Context;
import java.io.IOException;
import org.apiguardian.api.API;

/**
 * The append-only checkpoint journal of one recipe run, bound to its {@link Context}. Each
 * {@link #checkpoint} appends the ctx changes made since the previous one and a marker naming the step, so
 * a checkpoint costs what the step changed, not the whole history. Thread-safe: parallel steps may
 * checkpoint at once (their markers are appended in some order, each after every change it covers).
 */
@API(status = INTERNAL)
public interface CtxJournal extends AutoCloseable {

    /**
     * Records the ctx as it stands now as the checkpoint after {@code afterStep}. When this returns, the
     * checkpoint is as durable as the store's {@link Durability} promises.
     *
     * @throws IOException              when the journal cannot be written (the run goes on; resume loses it)
     * @throws IllegalArgumentException when {@code afterStep} is not a safe name ({@code [A-Za-z0-9_.-]+})
     */
    void checkpoint(String afterStep) throws IOException;

    /** Writes anything still buffered and releases the file; idempotent. Checkpoints after close fail. */
    @Override
    void close() throws IOException;
}
