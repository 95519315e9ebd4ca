package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void recipeSpellingUsesTheLargestWholeUnit() {
        assertThat(Durations.recipe(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.recipe(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.recipe(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.recipe(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.recipe(Duration.ZERO)).isEqualTo("0ms");
    }

    @Test
    void elapsedTimeReadsAsSecondsThenMinutes() {
        assertThat(Durations.elapsed(Duration.ofMillis(410))).isEqualTo("0.41s");
        assertThat(Durations.elapsed(Duration.ofMillis(59_990))).isEqualTo("59.99s");
        assertThat(Durations.elapsed(Duration.ofSeconds(185))).isEqualTo("3m05s");
    }

    @Test
    void measurementsAreMillisecondsWithOneDecimal() {
        assertThat(Durations.millis(Duration.ofNanos(12_345_678))).isEqualTo("12.3 ms");
        assertThat(Durations.millis(Duration.ofSeconds(2))).isEqualTo("2000.0 ms");
    }
}
