package dev.orchestrator.report.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Start-up work of a report's libraries (class loading, Java2D's fonts, POI's writers, Allure's JSON) done once per
 * JVM on the report's own thread as the run starts, overlapped with the steps, so that a report's first run end in a
 * fresh JVM does not pay for it after the last step. A warm-up writes nothing a user sees.
 */
@API(status = INTERNAL)
public final class ReportWarmUp {

    /** Work to warm up; may throw anything but an {@link Error} other than a {@link LinkageError}. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /*
     * JVM-wide on purpose: what is warmed (loaded classes, initialised fonts) is JVM-wide too, and a second run in
     * the same JVM must not pay again.
     */
    private static final Set<String> DONE = ConcurrentHashMap.newKeySet();

    private ReportWarmUp() {
    }

    /** Runs {@code work} unless work of that {@code name} already ran in this JVM; its failure is ignored. */
    public static void once(String name, Work work) {
        if (!DONE.add(name)) {
            return;
        }
        try {
            work.run();
        } catch (Exception | LinkageError ignored) {
            // only time was to be saved: the report itself meets the same problem later and says so
        }
    }

    /** Java2D and the PNG encoder, used by the step graphs (the graph report and the Allure attachment). */
    public static void graphs() {
        once("graphs", GraphImage::warmUp);
    }
}
