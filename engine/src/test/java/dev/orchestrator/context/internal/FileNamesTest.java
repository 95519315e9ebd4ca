package dev.orchestrator.context.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"test-run", "20261202-185600-ab12", "run_1.2", "GITHUB-123", "a.", "x..y"})
    void anOrdinaryRunIdIsKeptAsItIs(String id) {
        assertThat(FileNames.safe(id)).isEqualTo(id);
    }

    @Test
    void otherCharactersBecomeUnderscores() {
        assertThat(FileNames.safe("a/b\\c d:é")).isEqualTo("a_b_c_d__");
        assertThat(FileNames.safe("../../etc/passwd")).isEqualTo("___.._etc_passwd");
    }

    @Test
    void aNameIsNeverEmptyHiddenOrADotFolder() {
        assertThat(FileNames.safe("..")).isEqualTo("__");
        assertThat(FileNames.safe("..a.")).isEqualTo("__a.");
        assertThat(FileNames.safe(".")).isEqualTo("_");
        assertThat(FileNames.safe(".hidden")).isEqualTo("_hidden");
        assertThat(FileNames.safe("")).isEqualTo("_");
        assertThat(FileNames.safe(null)).isEqualTo("_");
        for (String hostile : new String[] {"..", ".", "...", "./", "/", "", " "}) {
            String safe = FileNames.safe(hostile);
            assertThat(safe).isNotEmpty().doesNotStartWith(".").isNotIn(".", "..").doesNotContain("/");
        }
    }

    @Test
    void aLongNameIsCut() {
        assertThat(FileNames.safe("r".repeat(500))).hasSize(FileNames.MAX_LENGTH);
    }
}
