package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("depends_on", "description", "timeout", "tags");

    @Test
    void suggestsAKeyWithinTwoEdits() {
        assertThat(Suggestions.nearest("depend_on", KEYS)).contains("depends_on");
        assertThat(Suggestions.nearest("tmeout", KEYS)).contains("timeout");
    }

    @Test
    void suggestsAKeyThatStartsWithWhatWasTyped() {
        assertThat(Suggestions.nearest("desc", KEYS)).contains("description");
    }

    @Test
    void listsTheValidKeysWhenNothingIsNear() {
        assertThat(Suggestions.nearest("colour", KEYS)).isEmpty();
        assertThat(Suggestions.hint("colour", KEYS, "keys"))
                .isEqualTo("; valid keys: depends_on, description, timeout, tags");
    }

    @Test
    void measuresLevenshteinDistance() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
