package dev.orchestrator.scriptlet;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.orchestrator.context.Context;
import dev.orchestrator.junit.Constants;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Paths stay inside the workspace where they really lead, links followed, at the moment they are used. */
class LinkConfinementTest {

    private static final String TOUCH = "dev.orchestrator.testing.Scriptlets$Touch";

    @TempDir
    Path dir;

    private Workspace ws;
    private Path outside;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(dir.resolve("ws"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(ws.resolve("Data"));
    }

    /** Makes a link at run time (after validation), as a step of the recipe could: {@code params.link → params.to}. */
    public static final class Link extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) throws Exception {
            Files.createSymbolicLink(workspace().resolve(params.string("link")), Path.of(params.string("to")));
            return null;
        }
    }

    private EngineExecutionResults run(String steps) {
        Path recipe = ws.recipe("r.yaml", "test_meta: {test_id: r, tester: qa, description: links}\nsteps:\n" + steps);
        return EngineRun.in(ws).config(Constants.REPORTS, "none").execute(selectFile(recipe.toFile()));
    }

    @Test
    void aScriptletCannotWriteThroughALinkedFolderOutOfTheWorkspace() throws Exception {
        Files.createSymbolicLink(ws.resolve("Data/out"), outside);

        run("  - {idx: 1, name: s, type: java, class: " + TOUCH + ", params: {file: Data/out/stolen.txt}}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("s"), finishedWithFailure(
                        message(m -> m.startsWith("invalid parameters: path 'Data/out/stolen.txt' escapes the workspace")
                                && m.contains("through a link")))));
        assertThat(outside.resolve("stolen.txt")).doesNotExist();
    }

    @Test
    void aScriptletCannotWriteThroughADanglingLinkOutOfTheWorkspace() throws Exception {
        Files.createSymbolicLink(ws.resolve("Data/new.txt"), outside.resolve("new.txt"));

        run("  - {idx: 1, name: s, type: java, class: " + TOUCH + ", params: {file: Data/new.txt}}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("s"), finishedWithFailure(
                        message(m -> m.contains("through a link")))));
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aLinkThatStaysInsideTheWorkspaceIsFollowed() throws Exception {
        Files.createDirectories(ws.resolve("Data/real"));
        Files.createSymbolicLink(ws.resolve("Data/alias"), ws.resolve("Data/real"));

        run("  - {idx: 1, name: s, type: java, class: " + TOUCH + ", params: {file: Data/alias/new/file.txt}}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("s"), finishedSuccessfully()));
        assertThat(ws.resolve("Data/real/new/file.txt")).exists();
    }

    @Test
    void filesExistRefusesALinkOutOfTheWorkspaceMadeWhileTheRecipeRuns() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "not ours");

        run("  - {idx: 1, name: s, type: java, class: " + Link.class.getName() + ", params: {link: Data/report.txt, to: "
                + outside.resolve("secret.txt") + "}, success: {files_exist: [Data/report.txt]}}\n")
                .testEvents().assertThatEvents().haveExactly(1, event(step("s"), finishedWithFailure(
                        message(m -> m.contains("files_exist: Data/report.txt leads out of the workspace through a link")))));
    }
}
