package dev.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs get the permissions any new file gets under the user's umask (here: those of a file created
 * plainly in the same place), not the owner-only 0600 of {@code Files.createTempFile}.
 */
class OutputPermissionsTest {

    @TempDir
    Path dir;

    @Test
    void checkpointsWorkbooksAndGraphsAreCreatedWithTheUmasksPermissions() throws Exception {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipe("r.yaml", """
                test_meta: {test_id: r, tester: qa, description: permissions}
                steps:
                  - {idx: 1, name: a, type: java, class: dev.orchestrator.testing.Scriptlets$Put}
                """);
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        assertThat(plain).as("a file created plainly is readable by more than its owner under this umask")
                .contains(PosixFilePermission.OWNER_READ);

        EngineRun.in(ws).execute(selectFile(recipe.toFile()));

        List<Path> outputs = List.of(only(ws.resolve("Data/ctx/r"), ".journal"), only(ws.resolve("reports/excel"), ".xlsx"),
                only(ws.resolve("reports/graphs"), ".png"), ws.resolve("Assets/step_sequence.png"));
        for (Path output : outputs) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output))).as(output.toString())
                    .isEqualTo(PosixFilePermissions.toString(plain));
        }
    }

    private static Path only(Path folder, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }
}
