package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.recipe.Position;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

    private final Problems problems = new Problems("test.yaml");

    private JsonNode read(String yaml) {
        return new YamlReader().read(new StringReader(yaml), problems).map(YamlNode::toJson).orElse(null);
    }

    @Test
    void typesPlainScalarsByTheCoreSchemaKeepingNonJsonNumbersAsStrings() {
        JsonNode json = read("""
                a: yes
                b: on
                c: 2024-01-01
                d: 0x1F
                e: 1.5
                f: ~
                g: true
                h: '42'
                i: 12345678901
                j: .inf
                """);

        assertThat(problems.isEmpty()).isTrue();
        assertThat(json.toString()).isEqualTo(
                "{\"a\":\"yes\",\"b\":\"on\",\"c\":\"2024-01-01\",\"d\":31,\"e\":1.5,\"f\":null,\"g\":true,"
                        + "\"h\":\"42\",\"i\":12345678901,\"j\":\".inf\"}");
    }

    @Test
    void allowsTheStandardTagsWrittenExplicitly() {
        JsonNode json = read("a: !!str 42\nb: !!int '7'\n");

        assertThat(problems.isEmpty()).isTrue();
        assertThat(json.get("a").asText()).isEqualTo("42");
        assertThat(json.get("b").asInt()).isEqualTo(7);
    }

    @Test
    void refusesATimestampTag() {
        read("a: !!timestamp 2024-01-01\n");

        assertThat(problems.inFileOrder()).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(new Position(1, 4));
            assertThat(p.message()).startsWith("type tags are not allowed: found '!!timestamp'");
        });
    }

    @Test
    void boundsTheNestingDepth() {
        read("a: " + "[".repeat(60) + "]".repeat(60) + "\n");

        assertThat(problems.inFileOrder()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nests too deeply"));
    }

    @Test
    void reportsADuplicateKeyAndKeepsTheFirst() {
        JsonNode json = read("a: 1\nb: 2\na: 3\n");

        assertThat(json.get("a").asInt()).isEqualTo(1);
        assertThat(problems.inFileOrder()).extracting(RecipeProblem::toString)
                .isEqualTo(List.of("test.yaml:3:1: duplicate key 'a' (first at line 1, column 1)"));
    }

    @Test
    void refusesAComplexKey() {
        read("? [a, b]\n: 1\n");

        assertThat(problems.inFileOrder()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("expected a plain key, found a list as a key"));
    }
}
