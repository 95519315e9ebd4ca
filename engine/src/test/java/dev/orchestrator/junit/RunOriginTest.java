package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who started a run, told by the launch or guessed from given system property names and stack classes. */
class RunOriginTest {

    /** What every JVM has, whoever started it. */
    private static final Set<String> PLAIN = Set.of("java.version", "user.dir", "os.name");
    private static final List<String> MAIN_ONLY = List.of("java.lang.Thread", "com.example.Main");

    @Test
    void aConfiguredOriginWinsOverWhatTheJvmLooksLike() {
        assertThat(RunOrigin.of(Optional.of("cli"))).isEqualTo("cli");
    }

    @Test
    void surefiresForkIsMavenByItsClassPathPropertiesOrItsBooterOnTheStack() {
        assertThat(RunOrigin.detect(plus("surefire.test.class.path"), MAIN_ONLY)).isEqualTo("maven");
        assertThat(RunOrigin.detect(plus("basedir", "surefire.real.class.path"), MAIN_ONLY)).isEqualTo("maven");
        assertThat(RunOrigin.detect(PLAIN, List.of("org.junit.platform.launcher.core.DefaultLauncher",
                "org.apache.maven.surefire.junitplatform.JUnitPlatformProvider",
                "org.apache.maven.surefire.booter.ForkedBooter"))).isEqualTo("maven");
    }

    @Test
    void aBasedirAloneIsNotMaven() {
        assertThat(RunOrigin.detect(plus("basedir"), MAIN_ONLY)).isEqualTo("other");
    }

    @Test
    void intellijEclipseAndVsCodeRunnersAreTheIde() {
        assertThat(RunOrigin.detect(plus("idea.test.cyclic.buffer.size"), MAIN_ONLY)).isEqualTo("ide");
        assertThat(RunOrigin.detect(PLAIN, List.of("com.intellij.rt.junit.JUnitStarter"))).isEqualTo("ide");
        assertThat(RunOrigin.detect(PLAIN, List.of(
                "org.eclipse.jdt.internal.junit5.runner.JUnit5TestReference",
                "org.eclipse.jdt.internal.junit.runner.RemoteTestRunner"))).isEqualTo("ide");
        assertThat(RunOrigin.detect(PLAIN, List.of("com.microsoft.java.test.runner.Launcher"))).isEqualTo("ide");
    }

    @Test
    void junitsConsoleLauncherIsTheConsole() {
        assertThat(RunOrigin.detect(PLAIN, List.of("org.junit.platform.launcher.core.DefaultLauncher",
                "org.junit.platform.console.ConsoleLauncher"))).isEqualTo("console");
    }

    @Test
    void aMavenBuildStartedFromAnIdeIsMaven() {
        // the IDE's classes are not in Surefire's fork, but its properties may be passed on
        assertThat(RunOrigin.detect(plus("idea.test.cyclic.buffer.size", "surefire.test.class.path"), MAIN_ONLY))
                .isEqualTo("maven");
    }

    @Test
    void anythingElseIsOther() {
        assertThat(RunOrigin.detect(PLAIN, MAIN_ONLY)).isEqualTo("other");
        assertThat(RunOrigin.detect(Set.of(), List.of())).isEqualTo("other");
    }

    @Test
    void everyDetectedOriginIsAValueTheKeyAccepts() {
        assertThat(RunOrigin.NAMES).contains(
                RunOrigin.detect(plus("surefire.test.class.path"), MAIN_ONLY),
                RunOrigin.detect(plus("idea.test.cyclic.buffer.size"), MAIN_ONLY),
                RunOrigin.detect(PLAIN, List.of("org.junit.platform.console.ConsoleLauncher")),
                RunOrigin.detect(PLAIN, MAIN_ONLY));
    }

    private static Set<String> plus(String... names) {
        Set<String> all = new java.util.HashSet<>(PLAIN);
        all.addAll(List.of(names));
        return all;
    }
}
