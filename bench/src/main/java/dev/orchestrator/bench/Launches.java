package dev.orchestrator.bench;

import dev.orchestrator.junit.Constants;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Whole launches (discovery and execution) through the JUnit Platform {@link Launcher}, one engine at a
 * time (the jar holds three), as an IDE, Surefire or the console launcher would run them.
 */
final class Launches {

    private final Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
            // only the listener a benchmark passes: nothing found on the class path adds work to a launch
            .enableTestExecutionListenerAutoRegistration(false)
            .build());

    /** A request for one engine, with its configuration. */
    static LauncherDiscoveryRequest request(String engineId, Map<String, String> config, DiscoverySelector... selectors) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(EngineFilter.includeEngines(engineId))
                .configurationParameters(config)
                .build();
    }

    /** The orchestrator engine's configuration for a workspace, plus {@code extra} key/value pairs. */
    static Map<String, String> orchestrator(Path workspace, String... extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(Constants.WORKSPACE, workspace.toString());
        config.put(Constants.RUN_ID, "bench");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    /** Discovers and executes; nanoseconds of the whole launch. */
    long execute(LauncherDiscoveryRequest request, TestExecutionListener listener) {
        long start = System.nanoTime();
        launcher.execute(request, listener);
        return System.nanoTime() - start;
    }

    /** Discovery only; the plan, for checking what was found. */
    TestPlan discover(LauncherDiscoveryRequest request) {
        return launcher.discover(request);
    }
}
