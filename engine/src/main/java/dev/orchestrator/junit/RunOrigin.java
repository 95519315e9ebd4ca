package dev.orchestrator.junit;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who started a run, for the run database and the monitor's runs page: {@code cli} when the orchestrator
 * command says so through {@link Constants#ORIGIN}, else a guess from the launching JVM — {@code maven}
 * (Surefire or Failsafe), {@code ide} (IntelliJ IDEA, Eclipse, VS Code), {@code console} (the JUnit console
 * launcher) — and {@code other} when nothing matches. Decided once per launch, at discovery.
 */
final class RunOrigin {

    /** Every origin; also the values {@link Constants#ORIGIN} accepts. */
    static final Set<String> NAMES = Set.of("cli", "maven", "ide", "console", "other");

    /** Stack frames of a launcher run from an IDE: IntelliJ, Eclipse, VS Code (its own runner, older versions). */
    private static final List<String> IDE_CLASSES = List.of("com.intellij.rt.", "org.eclipse.jdt.internal.junit",
            "com.microsoft.java.test.runner.");

    private RunOrigin() {
    }

    /** The configured origin if any, else {@link #detect} over this JVM's system properties and stack. */
    static String of(Optional<String> configured) {
        return configured.orElseGet(() -> detect(System.getProperties().stringPropertyNames(),
                Stream.of(Thread.currentThread().getStackTrace()).map(StackTraceElement::getClassName).toList()));
    }

    /**
     * The origin a JVM with these system property names and these classes on the launching thread's stack
     * most likely has. Surefire comes first: an IDE that runs a Maven build runs the tests in Surefire's JVM.
     */
    static String detect(Set<String> properties, Collection<String> stackClasses) {
        if (properties.contains("surefire.test.class.path")
                || properties.contains("basedir") && properties.contains("surefire.real.class.path")
                || onStack(stackClasses, List.of("org.apache.maven.surefire."))) {
            return "maven";
        }
        // IntelliJ sets this property for its JUnit runner; the others are known by their runner's classes
        if (properties.contains("idea.test.cyclic.buffer.size") || onStack(stackClasses, IDE_CLASSES)) {
            return "ide";
        }
        if (onStack(stackClasses, List.of("org.junit.platform.console."))) {
            return "console";
        }
        return "other";
    }

    private static boolean onStack(Collection<String> stackClasses, List<String> prefixes) {
        return stackClasses.stream().anyMatch(c -> prefixes.stream().anyMatch(c::startsWith));
    }
}
