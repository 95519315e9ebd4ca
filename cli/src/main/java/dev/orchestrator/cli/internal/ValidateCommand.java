package dev.orchestrator.cli.internal;

import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.internal.RecipeProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrator validate}: every problem of every recipe, as {@code file:line:column: message}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check recipes without running them; print every problem as file:line:column: message.",
        footer = {"", "Exit codes: 0 all valid, 2 a recipe is invalid."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Mixin
    ClassPathOption classPath;

    @Parameters(paramLabel = "FILE|GLOB", arity = "0..*",
            description = "Recipes to check. Default: recipes/*.yaml in the workspace.")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecipeFinder finder = new RecipeFinder(workspace.root(), classPath.loader(workspace.root(), java.util.Map.of()));
        List<Path> paths = files.isEmpty() ? finder.defaults() : finder.find(files);
        if (paths.isEmpty()) {
            throw new UsageException("no recipes to validate: none match " + RecipeFinder.DEFAULT_GLOB
                    + " in " + workspace.root());
        }
        List<Recipe> valid = new ArrayList<>();
        List<RecipeProblem> problems = new ArrayList<>();
        int invalid = 0;
        for (Path path : paths) {
            LoadResult result = finder.load(path);
            if (result instanceof LoadResult.Valid ok) {
                valid.add(ok.recipe());
            } else {
                invalid++;
                problems.addAll(((LoadResult.Invalid) result).problems());
            }
        }
        List<RecipeProblem> duplicates = duplicateTestIds(valid);
        problems.addAll(duplicates);
        problems.forEach(p -> err.println(p.toString()));
        int bad = invalid + (int) duplicates.stream().map(RecipeProblem::file).distinct().count();
        if (!problems.isEmpty()) {
            err.printf("%d of %d recipe%s invalid (%s)%n", bad, paths.size(), paths.size() == 1 ? "" : "s",
                    Counts.of(problems.size(), "problem"));
            return ExitCodes.INVALID;
        }
        out.printf("%s valid%n", Counts.of(paths.size(), "recipe"));
        return ExitCodes.OK;
    }

    /** A problem for every recipe whose {@code test_id} an earlier one already uses (a test_id is unique among discovered recipes). */
    static List<RecipeProblem> duplicateTestIds(List<Recipe> recipes) {
        Map<String, Recipe> first = new HashMap<>();
        List<RecipeProblem> problems = new ArrayList<>();
        for (Recipe recipe : recipes) {
            Recipe earlier = first.putIfAbsent(recipe.testId(), recipe);
            if (earlier != null) {
                problems.add(new RecipeProblem(recipe.source().displayName(), recipe.meta().position(),
                        "duplicate test_id '" + recipe.testId() + "': " + earlier.source().displayName()
                                + " already uses it"));
            }
        }
        return problems;
    }
}
