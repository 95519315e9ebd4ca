package dev.orchestrator.execution.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's version in fingerprints: the jar's, else one that changes with the classes in a build folder. */
class EngineVersionTest {

    @TempDir
    Path dir;

    @Test
    void aJarsImplementationVersionIsUsedAsItIs() {
        assertThat(EngineVersion.of("1.4.0", dir)).isEqualTo("1.4.0");
        assertThat(EngineVersion.of("1.4.0", null)).isEqualTo("1.4.0");
    }

    @Test
    void classesFromAFolderAreToldApartByTheirContent() throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("dev/orchestrator"));
        Files.write(classes.resolve("dev/orchestrator/A.class"), new byte[] {1, 2, 3});
        Files.writeString(classes.resolve("recipe.schema.json"), "{}");

        String first = EngineVersion.of(null, classes);
        assertThat(first).matches("development-[0-9a-f]{16}").isEqualTo(EngineVersion.of(" ", classes));

        // a rebuilt engine whose class changed
        Files.write(classes.resolve("dev/orchestrator/A.class"), new byte[] {1, 2, 4});
        String changed = EngineVersion.of(null, classes);
        assertThat(changed).isNotEqualTo(first);

        // one more file, or the same bytes under another name, change it too
        Files.write(classes.resolve("dev/orchestrator/B.class"), new byte[] {0});
        String added = EngineVersion.of(null, classes);
        assertThat(added).isNotEqualTo(changed);
        Files.move(classes.resolve("dev/orchestrator/B.class"), classes.resolve("dev/orchestrator/C.class"));
        assertThat(EngineVersion.of(null, classes)).isNotEqualTo(added);

        // the same content in another folder is the same engine
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy.resolve("dev/orchestrator"));
        for (String name : new String[] {"dev/orchestrator/A.class", "dev/orchestrator/C.class", "recipe.schema.json"}) {
            Files.copy(classes.resolve(name), copy.resolve(name));
        }
        assertThat(EngineVersion.of(null, copy)).isEqualTo(EngineVersion.of(null, classes));
    }

    @Test
    void withNothingToReadItIsDevelopment() {
        assertThat(EngineVersion.of(null, null)).isEqualTo("development");
        assertThat(EngineVersion.of("", dir.resolve("gone"))).isEqualTo("development");
    }

    @Test
    void theEngineOfThisBuildHasAVersionThatIsNotPlainDevelopment() {
        // engine tests load the engine from target/classes (or, in a packaged run, a jar with a manifest version)
        assertThat(EngineVersion.get()).isNotEqualTo("development").isNotBlank();
    }
}
