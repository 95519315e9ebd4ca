package dev.orchestrator.cli.internal;

import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.report.database.internal.DatabaseTarget;
import dev.orchestrator.report.database.internal.RunDatabase;
import dev.orchestrator.report.internal.GraphDot;
import dev.orchestrator.report.internal.GraphFiles;
import dev.orchestrator.report.internal.GraphImage;
import dev.orchestrator.event.StepStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrator graph --recipe FILE}: the step graph as PNG and DOT, coloured by the recipe's last run
 * in {@code Data/orchestrator.db} when there is one (steps never run are white).
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Write a recipe's step graph: OUT (PNG) and the same name with .dot (Graphviz DOT).")
final class GraphCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Mixin
    ClassPathOption classPath;

    @Mixin
    DatabaseOption database;

    @Option(names = {"-r", "--recipe"}, required = true, paramLabel = "FILE", description = "The recipe.")
    String recipe;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "Assets/step_sequence.png",
            description = "The PNG to write, relative to the workspace (default: ${DEFAULT-VALUE}); "
                    + "the DOT file goes next to it.")
    Path out;

    @Option(names = "--print", description = "Also print the DOT text on stdout.")
    boolean print;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = workspace.root();
        RecipeFinder finder = new RecipeFinder(root, classPath.loader(root, java.util.Map.of()));
        List<Path> files = finder.find(List.of(recipe));
        if (files.size() != 1) {
            throw new UsageException("--recipe must name one recipe; '" + recipe + "' matches " + files.size());
        }
        LoadResult loaded = finder.load(files.get(0));
        if (loaded instanceof LoadResult.Invalid invalid) {
            invalid.problems().forEach(p -> err.println(p.toString()));
            return ExitCodes.INVALID;
        }
        Recipe valid = ((LoadResult.Valid) loaded).recipe();
        Path png = root.resolve(out).normalize();
        String name = png.getFileName().toString();
        Path dotFile = png.resolveSibling((name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name) + ".dot");
        Map<String, StepStatus> statuses = new HashMap<>();
        Map<String, Duration> durations = new HashMap<>();
        Map<String, String> cachedFrom = new HashMap<>();
        String lastRun = lastRun(database.target(root), valid.testId(), statuses, durations, cachedFrom, err);
        String dot = GraphDot.of(valid, statuses, durations, cachedFrom);
        try {
            GraphFiles.writeDot(dot, dotFile);
            GraphFiles.writePng(GraphImage.render(valid, statuses, durations, cachedFrom), png);
        } catch (IOException e) {
            // where the user asked us to write cannot take the file: a usage error, said in one line
            throw new UsageException("cannot write " + png + " (" + Main.describe(e) + ")");
        }
        stdout.println("wrote " + root.relativize(png) + " and " + root.relativize(dotFile)
                + (lastRun == null ? " (no run recorded yet: steps drawn as not run)" : " (coloured by run " + lastRun + ")"));
        if (print) {
            stdout.print(dot);
        }
        return ExitCodes.OK;
    }

    /**
     * Fills statuses, durations and the runs cached steps came from with the recipe's last run in the run database;
     * returns its id or null.
     */
    private static String lastRun(DatabaseTarget target, String testId, Map<String, StepStatus> statuses,
                                  Map<String, Duration> durations, Map<String, String> cachedFrom, PrintWriter err) {
        if (target.file().isPresent() && !Files.exists(target.file().get())) {
            return null;
        }
        try (RunDatabase db = RunDatabase.open(target)) {
            List<RunDatabase.RecipeRun> runs = db.lastRuns(testId, 1);
            if (runs.isEmpty()) {
                return null;
            }
            String runId = runs.get(0).runId();
            for (RunDatabase.StepResult step : db.steps(runId, testId)) {
                try {
                    statuses.put(step.step(), StepStatus.valueOf(step.status().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException | NullPointerException unknown) {
                    continue; // a status this version does not draw: leave the step white
                }
                durations.put(step.step(), Duration.ofNanos((long) (step.wallMs() * 1e6)));
                if (step.cachedFrom() != null) {
                    cachedFrom.put(step.step(), step.cachedFrom());
                }
            }
            return runId;
        } catch (SQLException e) {
            err.println("warning: cannot read " + target.display() + " (" + e.getMessage() + "); steps drawn as not run");
            return null;
        }
    }
}
