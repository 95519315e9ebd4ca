package dev.orchestrator.cli;

import dev.orchestrator.recipe.LoadResult;
import dev.orchestrator.recipe.Recipe;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orchestrator graph --recipe FILE}: the step graph as DOT (and PNG once a picture renderer is wired). */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Write a recipe's step graph: OUT (PNG) and the same name with .dot (Graphviz DOT).")
final class GraphCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-r", "--recipe"}, required = true, paramLabel = "FILE", description = "The recipe.")
    String recipe;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "Assets/step_sequence.png",
            description = "The PNG to write, relative to the workspace (default: ${DEFAULT-VALUE}); "
                    + "the DOT file goes next to it.")
    Path out;

    @Option(names = "--print", description = "Also print the DOT text on stdout.")
    boolean print;

    /** Replaced by tests; {@link GraphRenderer#standard()} otherwise. */
    GraphRenderer renderer = GraphRenderer.standard();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = workspace.root();
        RecipeFinder finder = new RecipeFinder(root);
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
        Files.createDirectories(png.getParent());

        String dot = renderer.toDot(valid, Map.of(), Map.of());
        Files.writeString(dotFile, dot, StandardCharsets.UTF_8);
        stdout.println("wrote " + root.relativize(dotFile));
        Optional<BufferedImage> image = renderer.render(valid, Map.of(), Map.of());
        if (image.isPresent()) {
            ImageIO.write(image.get(), "png", png.toFile());
            stdout.println("wrote " + root.relativize(png));
        } else {
            stdout.println("PNG not written: no picture renderer is available yet (render the DOT with: dot -Tpng "
                    + root.relativize(dotFile) + " -o " + root.relativize(png) + ")");
        }
        if (print) {
            stdout.print(dot);
        }
        return ExitCodes.OK;
    }
}
