package dev.orchestrator.cli.internal;

import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.internal.Printable;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrator list [recipes|scriptlets]}: recipes with their steps, or every scriptlet. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List recipes and their steps (default), or every scriptlet: list scriptlets."})
final class ListCommand implements Callable<Integer> {

    /** What to list. */
    enum What { recipes, scriptlets }

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Mixin
    ClassPathOption classPath;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WHAT", defaultValue = "recipes",
            description = "recipes (default) or scriptlets.")
    What what;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "FILE|GLOB",
            description = "With recipes: which ones. Default: recipes/*.yaml.")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path root = workspace.root();
        if (what == What.scriptlets) {
            return scriptlets(root, out);
        }
        RecipeFinder finder = new RecipeFinder(root, classPath.loader(root, java.util.Map.of()));
        List<Path> paths = files.isEmpty() ? finder.defaults() : finder.find(files);
        if (paths.isEmpty()) {
            out.println("no recipes in " + root.resolve("recipes"));
            return ExitCodes.OK;
        }
        int code = ExitCodes.OK;
        for (Path path : paths) {
            LoadResult result = finder.load(path);
            if (result instanceof LoadResult.Invalid invalid) {
                out.printf("%s  (invalid: %s, see orchestrator validate)%n%n", safe(invalid.source().displayName()),
                        Counts.of(invalid.problems().size(), "problem"));
                code = ExitCodes.INVALID;
                continue;
            }
            Recipe recipe = ((LoadResult.Valid) result).recipe();
            out.printf("%s  (%s)  %s%s%n", safe(recipe.testId()), safe(recipe.source().displayName()),
                    safe(recipe.meta().description()),
                    recipe.meta().tags().isEmpty() ? "" : "  tags: " + safe(String.join(",", recipe.meta().tags())));
            Table table = new Table("IDX", "NAME", "TYPE", "DEPENDS_ON", "TAGS", "RUNS");
            for (Step step : recipe.steps()) {
                table.row(step.idx(), safe(step.name()), step.type().yamlName(), safe(String.join(",", step.scheduling().dependsOn())),
                        safe(String.join(",", step.scheduling().tags())), safe(step.scriptletId()));
            }
            table.print(out);
            out.println();
        }
        return code;
    }

    /** Recipe text is printed escaped: a description must not move the cursor or forge a line of output. */
    private static String safe(String text) {
        return Printable.escape(text);
    }

    private static int scriptlets(Path root, PrintWriter out) {
        Table table = new Table("TYPE", "NAME", "DESCRIPTION", "WHERE");
        for (ScriptletCatalog.Entry entry : new ScriptletCatalog(root).all()) {
            table.row(entry.type(), entry.name(), Table.firstLine(entry.description(), 120), entry.location());
        }
        table.print(out);
        return ExitCodes.OK;
    }
}
