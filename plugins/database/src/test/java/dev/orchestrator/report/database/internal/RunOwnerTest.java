package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
