package dev.orchestrator.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Properties;

/**
 * Where Allure results go, honouring Allure's own setting as the Allure adapters do, so that the results of
 * recipes land beside those of other tests and where {@code allure-maven} looks. First match wins:
 * <ol>
 *   <li>{@link ReportKeys#ALLURE_RESULTS_DIR} ({@code orchestrator.allure.results-dir}), relative to the
 *       workspace: the engine's own key, for a folder meant for recipes only;</li>
 *   <li>{@link ReportKeys#ALLURE_RESULTS_DIRECTORY} ({@code allure.results.directory}) as a configuration
 *       parameter (launcher parameter, {@code -D} system property, {@code junit-platform.properties});</li>
 *   <li>{@code allure.results.directory} in the {@code allure.properties} files on the class path (a later
 *       file overrides an earlier one, as in Allure);</li>
 *   <li>{@code <workspace>/reports/allure-results}.</li>
 * </ol>
 * A relative {@code allure.results.directory} resolves against the working directory of the JVM, exactly as
 * Allure's own results writer resolves it (under Maven: the module's folder).
 */
final class AllureDirectory {

    static final String ALLURE_PROPERTIES = "allure.properties";

    private AllureDirectory() {
    }

    static Path resolve(Path workspace, Properties config, ClassLoader classPath, Path workingDirectory) {
        String own = config.getProperty(ReportKeys.ALLURE_RESULTS_DIR, "").trim();
        if (!own.isEmpty()) {
            return workspace.resolve(own).normalize();
        }
        String allure = config.getProperty(ReportKeys.ALLURE_RESULTS_DIRECTORY, "").trim();
        if (allure.isEmpty()) {
            allure = fromAllureProperties(classPath).trim();
        }
        if (!allure.isEmpty()) {
            return workingDirectory.resolve(allure).toAbsolutePath().normalize();
        }
        return workspace.resolve("reports").resolve("allure-results").normalize();
    }

    private static String fromAllureProperties(ClassLoader classPath) {
        if (classPath == null) {
            return "";
        }
        Properties merged = new Properties();
        try {
            for (URL file : Collections.list(classPath.getResources(ALLURE_PROPERTIES))) {
                try (InputStream in = file.openStream()) {
                    merged.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ALLURE_PROPERTIES + " from the class path", e);
        }
        return merged.getProperty(ReportKeys.ALLURE_RESULTS_DIRECTORY, "");
    }
}
