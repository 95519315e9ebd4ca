package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.Position;
import org.junit.jupiter.api.Test;

/** Recipe text reaches terminals and reports escaped, and printable text passes unchanged. */
class PrintableTest {

    @Test
    void printableTextIsReturnedAsItIs() {
        String text = "step 'compute_metrics' – naïve 名前 😀 back\\slash";

        assertThat(Printable.escape(text)).isSameAs(text);
        assertThat(Printable.escape(null)).isNull();
    }

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertThat(Printable.escape("a\u001b[2Jb\nc\rd\te\u0000f\u007fg\u0085h"))
                .isEqualTo("a\\u001b[2Jb\\nc\\rd\\te\\u0000f\\u007fg\\u0085h");
    }

    @Test
    void lineSeparatorsBidiOverridesAndLoneSurrogatesAreEscaped() {
        assertThat(Printable.escape("x\u2028y\u202eevil\u2066z\ud800w\udc00"))
                .isEqualTo("x\\u2028y\\u202eevil\\u2066z\\ud800w\\udc00");
    }

    @Test
    void aProblemStoresItsFileAndMessageEscaped() {
        RecipeProblem problem = new RecipeProblem("recipes/\u001b.yaml", new Position(2, 3), "found 'a\nb'");

        assertThat(problem).hasToString("recipes/\\u001b.yaml:2:3: found 'a\\nb'");
    }
}
