package dev.orchestrator.report.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ServiceLoader;
import org.apiguardian.api.API;

/**
 * Keeps the report libraries' logging quiet when the user has configured none. POI logs through the Log4j
 * API and Allure through SLF4J; without an implementation on the class path each prints a warning on every
 * run. Then (and only then) pick the no-frills implementation each API ships: Log4j's simple logger
 * (errors only, on stderr) and SLF4J's no-op provider — what they default to anyway, minus the warning.
 */
@API(status = INTERNAL)
public final class LibraryLogging {

    private static final String LOG4J_FACTORY = "log4j2.loggerContextFactory";
    private static final String SLF4J_PROVIDER = "slf4j.provider";

    private LibraryLogging() {
    }

    /** Before POI is first used. */
    public static void quietLog4j() {
        if (System.getProperty(LOG4J_FACTORY) != null || present("org.apache.logging.log4j.core.LoggerContext")
                || present("org.apache.logging.slf4j.SLF4JLoggerContextFactory")) {
            return;
        }
        System.setProperty(LOG4J_FACTORY, "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    }

    /** Before Allure is first used. */
    public static void quietSlf4j() {
        if (System.getProperty(SLF4J_PROVIDER) != null || !present("org.slf4j.spi.SLF4JServiceProvider")) {
            return;
        }
        try {
            Class<?> provider = Class.forName("org.slf4j.spi.SLF4JServiceProvider", false,
                    LibraryLogging.class.getClassLoader());
            if (ServiceLoader.load(provider, LibraryLogging.class.getClassLoader()).findFirst().isPresent()) {
                return;
            }
        } catch (ClassNotFoundException | java.util.ServiceConfigurationError e) {
            return;
        }
        System.setProperty(SLF4J_PROVIDER, "org.slf4j.helpers.NOP_FallbackServiceProvider");
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN"); // no "loading provider" info line either
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, LibraryLogging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
