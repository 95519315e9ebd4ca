package dev.orchestrator.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.File;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs one recipe through the real Launcher in its own JVM: {@code LaunchMain RECIPE [key=value]…}. */
public final class LaunchMain {

    private LaunchMain() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().enableImplicitConfigurationParameters(false)
                .selectors(selectFile(new File(args[0])));
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            request.configurationParameter(pair[0], pair[1]);
        }
        LauncherFactory.create().execute(request.build());
    }
}
