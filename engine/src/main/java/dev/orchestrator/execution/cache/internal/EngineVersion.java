package dev.orchestrator.execution.cache.internal;

/**
 * The engine's version for fingerprints: its jar's {@code Implementation-Version}, else {@code development} (classes
 * from a build folder, where a changed engine is not told apart: clear {@code Data/cache} after changing it).
 */
final class EngineVersion {

    private static final String VERSION = read();

    private EngineVersion() {
    }

    static String get() {
        return VERSION;
    }

    private static String read() {
        String version = EngineVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "development" : version;
    }
}
