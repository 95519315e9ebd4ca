package dev.orchestrator.context;

import java.nio.file.Path;

/** Picks the checkpoint store for a workspace. */
public final class CheckpointStores {

    private CheckpointStores() {
    }

    /**
     * The store a workspace asks for: memory only when {@code <workspace>/store_on_ram.txt} says
     * {@code true}, else files under {@code <workspace>/Data/ctx/}.
     */
    public static CheckpointStore forWorkspace(Path workspace) {
        throw new UnsupportedOperationException("TODO");
    }
}
