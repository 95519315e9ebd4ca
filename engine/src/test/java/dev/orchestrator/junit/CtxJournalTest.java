package dev.orchestrator.junit;

import static dev.orchestrator.testing.StepEvents.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.context.internal.Durability;
import dev.orchestrator.testing.EngineRun;
import dev.orchestrator.testing.LaunchMain;
import dev.orchestrator.testing.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ctx journal through the engine: its size, what a kill -9 leaves to resume from, corruption. */
class CtxJournalTest {

    private static final String PUT = "dev.orchestrator.testing.Scriptlets$Put";
    private static final String BLOCK = "dev.orchestrator.testing.Scriptlets$BlockWhileFileExists";

    @TempDir
    Path dir;

    /** {@code steps} steps s1…sN in a row, each setting its own key and a shared one; step {@code blockAt} waits. */
    private static String recipe(String testId, int steps, int blockAt) {
        StringBuilder yaml = new StringBuilder("test_meta: {test_id: " + testId + ", tester: qa, description: many steps}\n"
                + "steps:\n");
        for (int i = 1; i <= steps; i++) {
            String set = "{n_" + (i % 50) + ": " + i + ", last: \"step " + i + "\"}";
            if (i == blockAt) {
                yaml.append("  - {idx: ").append(i).append(", name: s").append(i).append(", type: java, class: ")
                        .append(BLOCK).append(", params: {marker: Data/blocked, block_file: Data/block, set: ")
                        .append(set).append("}}\n");
            } else {
                yaml.append("  - {idx: ").append(i).append(", name: s").append(i).append(", type: java, class: ")
                        .append(PUT).append(", params: {set: ").append(set).append("}}\n");
            }
        }
        return yaml.toString();
    }

    private static long bytesUnder(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            long total = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    @Test
    void aTwoThousandStepRecipeUsesAtMostTwiceItsHistoryOnDisk() throws Exception {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipe("long.yaml", recipe("long", 2_000, -1));
        EngineRun.in(ws).config(Constants.REPORTS, "none").execute(selectFile(recipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(2_000).failed(0));

        Checkpoint last = CheckpointStores.forWorkspace(ws.root()).load("long", "s2000").orElseThrow();
        long history = ContextJson.historyToJson(last.history()).getBytes(StandardCharsets.UTF_8).length;
        long onDisk = bytesUnder(ws.resolve("Data/ctx"));
        System.out.printf("2000-step recipe: %d history records, history %d bytes, Data/ctx %d bytes (%.2fx)%n",
                last.history().size(), history, onDisk, (double) onDisk / history);
        assertThat(last.history()).hasSize(4_001); // test_meta, then two keys per step
        assertThat(onDisk).isLessThanOrEqualTo(2 * history);
        // every step's checkpoint is still there, as it stood after that step
        Checkpoint middle = CheckpointStores.forWorkspace(ws.root()).load("long", "s1000").orElseThrow();
        assertThat(middle.values().get("last").asText()).isEqualTo("step 1000");
        assertThat(middle.history()).hasSize(2_001);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void afterKillMinusNineEachDurabilityResumesToTheSameFinalCtx(Durability durability) throws Exception {
        int steps = 40;
        int blockAt = 25;
        Workspace ws = new Workspace(dir.resolve("killed"));
        Path recipe = ws.recipe("killed.yaml", recipe("killed", steps, blockAt));
        ws.file("Data/block", "");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LaunchMain.class.getName(),
                recipe.toString(), Constants.WORKSPACE + "=" + ws.root(), Constants.RUN_ID + "=killed-run",
                Constants.REPORTS + "=none", Constants.DURABILITY + "=" + durability.key())
                .redirectErrorStream(true).redirectOutput(ws.resolve("child.out").toFile()).start();
        Path marker = ws.resolve("Data/blocked");
        for (int i = 0; i < 1200 && !Files.exists(marker) && jvm.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertThat(marker).as("step s%d started in the child JVM: %s", blockAt, ws.resolve("child.out")).exists();
        jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks, nothing flushed
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.delete(ws.resolve("Data/block"));

        CheckpointStore store = CheckpointStores.forWorkspace(ws.root());
        int lastCheckpointed = 0;
        for (int i = 1; i < blockAt; i++) {
            if (store.load("killed", "s" + i).isPresent()) {
                lastCheckpointed = i;
            }
        }
        if (durability != Durability.NONE) {
            // every step before the blocked one was reported finished, so its checkpoint had been written
            assertThat(lastCheckpointed).isEqualTo(blockAt - 1);
        }
        EngineRun resume = EngineRun.in(ws).config(Constants.RUN_ID, "resumed").config(Constants.REPORTS, "none")
                .config(Constants.DURABILITY, durability.key());
        if (lastCheckpointed > 0) {
            resume = resume.config(Constants.RESUME_FROM, "s" + (lastCheckpointed + 1));
        }
        int resumedSteps = steps - lastCheckpointed;
        resume.execute(selectFile(recipe.toFile())).testEvents()
                .assertStatistics(s -> s.succeeded(resumedSteps).failed(0).skipped(steps - resumedSteps));
        ObjectNode resumed = store.load("killed", "s" + steps).orElseThrow().values();

        Workspace fresh = new Workspace(dir.resolve("fresh"));
        Path freshRecipe = fresh.recipe("killed.yaml", Files.readString(recipe));
        EngineRun.in(fresh).config(Constants.REPORTS, "none").execute(selectFile(freshRecipe.toFile()))
                .testEvents().assertStatistics(s -> s.succeeded(steps));
        ObjectNode uninterrupted = CheckpointStores.forWorkspace(fresh.root()).load("killed", "s" + steps)
                .orElseThrow().values();
        assertThat(resumed).isEqualTo(uninterrupted);
        assertThat(resumed.get("last").asText()).isEqualTo("step " + steps);
    }

    @Test
    void aCorruptCheckpointFailsTheStepAsCorruptWithTheParseErrorNotAsMissing() throws Exception {
        Workspace ws = new Workspace(dir);
        Path recipe = ws.recipe("chain.yaml", recipe("chain", 3, -1));
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(3));
        Path journal;
        try (Stream<Path> files = Files.list(ws.resolve("Data/ctx/chain"))) {
            journal = files.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.set(1, "{\"change\": [1, 2");
        Files.write(journal, lines);

        EngineRun.in(ws).config(Constants.ONLY, "s3").execute(selectFile(recipe.toFile())).testEvents()
                .assertThatEvents().haveExactly(1, event(step("s3"), finishedWithFailure(message(m ->
                        m.startsWith("cannot restore the ctx for step s3: it depends on s2")
                                && m.contains("the checkpoint of s2 cannot be read: ctx journal ")
                                && m.contains(journal.getFileName() + " is corrupt: line 2: ")
                                && !m.contains("no checkpoint")))));
    }

    @Test
    void inMemoryCheckpointsAreJournalsTooAndRestoreALaterPartialRun() throws Exception {
        Workspace ws = new Workspace(dir);
        ws.file("store_on_ram.txt", "true");
        Path recipe = ws.recipe("ram.yaml", recipe("ram_journal", 3, -1));
        EngineRun.in(ws).execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(3));
        EngineRun.in(ws).config(Constants.ONLY, "s3").config(Constants.RUN_ID, "second")
                .execute(selectFile(recipe.toFile())).testEvents().assertStatistics(s -> s.succeeded(1).skipped(2));

        Optional<Checkpoint> after = CheckpointStores.forWorkspace(ws.root()).load("ram_journal", "s3");
        assertThat(after.orElseThrow().runId()).isEqualTo("second");
        assertThat(after.get().values().get("n_2").asInt()).isEqualTo(2);
        assertThat(after.get().recipeHash()).startsWith("sha256:");
        assertThat(ws.resolve("Data/ctx")).doesNotExist();
    }
}
