package dev.orchestrator.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/** The engine's root: holds the configuration parsed at discovery, so execution sees the same settings. */
final class OrchestratorEngineDescriptor extends EngineDescriptor {

    private final OrchestratorConfiguration configuration;

    private final SelectionConfiguration selection;

    private final ShardConfiguration shards;

    OrchestratorEngineDescriptor(UniqueId uniqueId, OrchestratorConfiguration configuration,
                                 SelectionConfiguration selection, ShardConfiguration shards) {
        super(uniqueId, "Orchestrator");
        this.configuration = configuration;
        this.selection = selection;
        this.shards = shards;
    }

    private boolean emptyShard;

    /** Whether this launch is a shard that the plan left without recipes (it still records its part of the run). */
    boolean emptyShard() {
        return emptyShard;
    }

    void emptyShard(boolean empty) {
        this.emptyShard = empty;
    }

    /** The shard, the run database and the run id shared by the shards of a run. */
    ShardConfiguration shards() {
        return shards;
    }

    SelectionConfiguration selection() {
        return selection;
    }

    OrchestratorConfiguration configuration() {
        return configuration;
    }
}
