package dev.orchestrator.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/** The engine's root: holds the configuration parsed at discovery, so execution sees the same settings. */
final class OrchestratorEngineDescriptor extends EngineDescriptor {

    private final OrchestratorConfiguration configuration;

    OrchestratorEngineDescriptor(UniqueId uniqueId, OrchestratorConfiguration configuration) {
        super(uniqueId, "Orchestrator");
        this.configuration = configuration;
    }

    OrchestratorConfiguration configuration() {
        return configuration;
    }
}
