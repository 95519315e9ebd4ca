package dev.orchestrator.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrator new scriptlet|recipe}: start a scriptlet or a recipe from the templates. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Create a scriptlet (with its test) or a recipe from the templates; never overwrites.",
        subcommands = {NewCommand.Scriptlet.class, NewCommand.Recipe.class})
final class NewCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to create: new scriptlet … or new recipe …");
    }

    /** The scriptlet kinds. */
    enum Type { java, python, shell }

    @Command(name = "scriptlet", mixinStandardHelpOptions = true,
            description = {"Create a scriptlet with its documentation block and a passing test:",
                    "  python: scriptlets/python/steps/<snake_case>.py + scriptlets/python/tests/test_<snake_case>.py",
                    "  shell:  scriptlets/shell/<kebab-case>.sh + scriptlets/shell/tests/<kebab-case>.bats",
                    "  java:   scriptlets/java/src/main/java/dev/orchestrator/scriptlets/<PascalCase>.java + …Test.java"})
    static final class Scriptlet implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE", description = "java, python or shell.")
        Type type;

        @Parameters(paramLabel = "NAME", description = "The name, in any spelling: count_rows, count-rows, CountRows.")
        String name;

        @Override
        public Integer call() throws IOException {
            Scaffolder scaffolder = new Scaffolder(workspace.root());
            Names names = Names.of(name);
            List<Path> created = switch (type) {
                case python -> scaffolder.python(names);
                case shell -> scaffolder.shell(names);
                case java -> scaffolder.java(names);
            };
            report(spec.commandLine().getOut(), workspace.root(), created);
            return ExitCodes.OK;
        }
    }

    @Command(name = "recipe", mixinStandardHelpOptions = true,
            description = "Create recipes/<snake_case>.yaml: a valid, runnable recipe to edit.")
    static final class Recipe implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "NAME", description = "The recipe's name; also its test_id (snake_case).")
        String name;

        @Override
        public Integer call() throws IOException {
            List<Path> created = new Scaffolder(workspace.root()).recipe(Names.of(name));
            report(spec.commandLine().getOut(), workspace.root(), created);
            return ExitCodes.OK;
        }
    }

    private static void report(PrintWriter out, Path root, List<Path> created) {
        created.forEach(p -> out.println("created " + root.relativize(p)));
    }
}
