package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {

    @Test
    void oneIsSingularAndEveryOtherCountPlural() {
        assertThat(Counts.of(1, "step")).isEqualTo("1 step");
        assertThat(Counts.of(0, "step")).isEqualTo("0 steps");
        assertThat(Counts.of(2, "recipe")).isEqualTo("2 recipes");
        assertThat(Counts.of(-1, "attempt")).isEqualTo("-1 attempts");
    }

    @Test
    void anIrregularPluralIsGivenWhole() {
        assertThat(Counts.of(1, "entry", "entries")).isEqualTo("1 entry");
        assertThat(Counts.of(12, "entry", "entries")).isEqualTo("12 entries");
    }
}
