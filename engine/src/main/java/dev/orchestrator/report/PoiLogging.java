package dev.orchestrator.report;

/**
 * POI logs through the Log4j API. Without a Log4j implementation on the class path, Log4j prints an
 * "could not find a logging provider" error on every run; route it to Log4j's simple logger (errors only,
 * on stderr) instead, unless the user configured Log4j themselves.
 */
final class PoiLogging {

    private static final String FACTORY = "log4j2.loggerContextFactory";

    private PoiLogging() {
    }

    static void quiet() {
        if (System.getProperty(FACTORY) != null || present("org.apache.logging.log4j.core.LoggerContext")
                || present("org.apache.logging.slf4j.SLF4JLoggerContextFactory")) {
            return;
        }
        System.setProperty(FACTORY, "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, PoiLogging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
