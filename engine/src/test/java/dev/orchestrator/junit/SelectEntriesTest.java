package dev.orchestrator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.FilePosition;

/** The orchestrator.select syntax, which the rerun file shares. */
class SelectEntriesTest {

    @TempDir
    Path ws;

    @Test
    void pathColonLinesMeansOneFileSelectorPerLine() {
        Path file = ws.resolve("recipes/x.yaml");
        assertThat(SelectEntries.selectors("recipes/x.yaml:12:40", ws)).containsExactly(
                selectFile(file.toString(), FilePosition.from(12)), selectFile(file.toString(), FilePosition.from(40)));
        assertThat(SelectEntries.selectors("recipes/x.yaml", ws)).containsExactly(selectFile(file.toString()));
    }

    @Test
    void classpathPrefixAFolderAndAUniqueIdAreUnderstood() throws Exception {
        Files.createDirectories(ws.resolve("recipes/smoke"));
        assertThat(SelectEntries.selectors("classpath:recipes/x.yaml:3", ws))
                .containsExactly(selectClasspathResource("recipes/x.yaml", FilePosition.from(3)));
        assertThat(SelectEntries.selectors("recipes/smoke", ws))
                .containsExactly(selectDirectory(ws.resolve("recipes/smoke").toFile()));
        assertThat(SelectEntries.selectors("[engine:orchestrator]/[recipe:x]", ws))
                .containsExactly(selectUniqueId("[engine:orchestrator]/[recipe:x]"));
    }

    @Test
    void anAtFileIsReadOneEntryALineAndAMissingFileSelectsNothing() throws Exception {
        Files.writeString(ws.resolve("rerun.txt"), "# failed last time\nrecipes/x.yaml:4\n\nrecipes/y.yaml:9\n");
        assertThat(SelectEntries.parse("@rerun.txt, recipes/z.yaml", ws))
                .containsExactly("recipes/x.yaml:4", "recipes/y.yaml:9", "recipes/z.yaml");
        assertThat(SelectEntries.parse("@missing.txt", ws)).isEmpty();
    }
}
