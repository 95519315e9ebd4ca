package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Whether a run's owner is gone, as the next run and every reader (the monitor, report) judge it. A JVM computes a
 * process's start from the boot time in whole seconds it read when it started ({@code btime} of {@code /proc/stat}),
 * which moves when the clock is stepped: the JVM that records an owner and the one that judges it can then see the
 * same live process start a second apart. That process is not gone; a pid taken by a process started long after is.
 */
class RunOwnerTest {

    @Test
    void aLiveOwnerWhoseStartReadsASecondOffElsewhereIsNotGone() {
        RunOwner here = RunOwner.current().orElseThrow();
        RunOwner recordedBefore = new RunOwner(here.host(), here.boot(), here.pid(), here.startMillis() - 1_000);
        RunOwner recordedAfter = new RunOwner(here.host(), here.boot(), here.pid(), here.startMillis() + 1_000);

        assertThat(recordedBefore.goneSeenFrom(here)).isFalse();
        assertThat(recordedAfter.goneSeenFrom(here)).isFalse();
    }

    @Test
    void anOwnerWhosePidAnotherProcessTookLaterIsGone() {
        RunOwner here = RunOwner.current().orElseThrow();
        RunOwner earlierProcess = new RunOwner(here.host(), here.boot(), here.pid(), here.startMillis() - 3_600_000);

        assertThat(earlierProcess.goneSeenFrom(here)).isTrue();
    }

    @Test
    void anOwnerOfAnotherHostIsNeverJudged() {
        RunOwner here = RunOwner.current().orElseThrow();
        RunOwner elsewhere = new RunOwner(here.host() + "-other", "another-boot", 1, 0);

        assertThat(elsewhere.goneSeenFrom(here)).isFalse();
    }

    /**
     * Two containers of one machine can share its host name (a container on the host's network takes it) while
     * each has PID namespace of its own: neither can see the other's processes, so neither may judge them.
     */
    @Test
    void anOwnerRecordsItsPidNamespaceAndOneInAnotherNamespaceIsNeverJudged() throws Exception {
        RunOwner here = RunOwner.current().orElseThrow();
        String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("[^0-9]", "");
        assertThat(here.host()).endsWith("@" + namespace);
        String hostName = here.host().substring(0, here.host().lastIndexOf('@'));
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        RunOwner otherContainer = new RunOwner(hostName + "@1", here.boot(), finished.pid(), 12345);

        assertThat(otherContainer.goneSeenFrom(here)).isFalse();
    }

    @Test
    void anOwnerRecordedWithoutItsNamespaceIsStillJudgedOnItsHostName() throws Exception {
        RunOwner here = RunOwner.current().orElseThrow();
        String hostName = here.host().contains("@") ? here.host().substring(0, here.host().lastIndexOf('@')) : here.host();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        RunOwner recordedByAnOlderEngine = new RunOwner(hostName, here.boot(), finished.pid(), 12345);

        assertThat(recordedByAnOlderEngine.goneSeenFrom(here)).isTrue();
    }
}
