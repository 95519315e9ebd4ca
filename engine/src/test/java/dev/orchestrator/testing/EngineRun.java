package dev.orchestrator.testing;

import dev.orchestrator.junit.Constants;
import dev.orchestrator.junit.OrchestratorTestEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.Filter;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs the orchestrator engine through {@link EngineTestKit} against a test workspace. */
public final class EngineRun {

    private final Workspace workspace;
    private final Map<String, String> config = new LinkedHashMap<>();
    private Filter<?>[] filters = new Filter<?>[0];

    private EngineRun(Workspace workspace) {
        this.workspace = workspace;
        config.put(Constants.WORKSPACE, workspace.root().toString());
        config.put(Constants.RUN_ID, "test-run");
    }

    public static EngineRun in(Workspace workspace) {
        return new EngineRun(workspace);
    }

    public EngineRun config(String key, String value) {
        config.put(key, value);
        return this;
    }

    public EngineRun filters(Filter<?>... filters) {
        this.filters = filters;
        return this;
    }

    public EngineExecutionResults execute(DiscoverySelector... selectors) {
        return builder(selectors).execute();
    }

    public EngineDiscoveryResults discover(DiscoverySelector... selectors) {
        return builder(selectors).discover();
    }

    private EngineTestKit.Builder builder(DiscoverySelector... selectors) {
        // only what the test sets: a -Dorchestrator.* of the build must not change what the engine under test does
        EngineTestKit.Builder builder = EngineTestKit.engine(new OrchestratorTestEngine())
                .enableImplicitConfigurationParameters(false)
                .configurationParameters(config)
                .selectors(selectors);
        if (filters.length > 0) {
            builder = builder.filters(filters);
        }
        return builder;
    }
}
