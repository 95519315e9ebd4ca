package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import dev.orchestrator.junit.Constants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.launcher.TestPlan;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * 4. Discovery of many recipes ({@code Launcher.discover} on the recipes folder: load, validate, build
 * descriptors) against reading and safe-loading the same files with plain SnakeYAML.
 */
final class DiscoveryBench implements Benchmark {

    private static final int STEPS = 10;
    private static final double TARGET_MS = 2000;

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String name() {
        return "discovery";
    }

    @Override
    public List<Row> run(Options options) throws Exception {
        int recipes = options.size(1000, 100);
        int runs = options.size(5, 3);
        try (BenchWorkspace ws = BenchWorkspace.create(options, "discovery")) {
            for (int r = 1; r <= recipes; r++) {
                ws.write(String.format("recipes/discovery_%04d.yaml", r), Recipes.recipe("discovery_" + r, null,
                        STEPS, i -> Recipes.javaStep(Recipes.NOOP)));
            }
            Launches launches = new Launches();
            Map<String, String> config = Launches.orchestrator(ws.root());
            Samples discover = Measure.millis(1, runs, () -> Measure.time(() -> {
                TestPlan plan = launches.discover(Launches.request(Constants.ENGINE_ID, config,
                        selectDirectory(ws.recipes().toFile())));
                long tests = plan.countTestIdentifiers(t -> t.isTest());
                if (tests != (long) recipes * STEPS) {
                    throw new IllegalStateException("discovered " + tests + " steps, expected " + recipes * STEPS);
                }
            }));
            Samples parse = Measure.millis(1, runs, () -> Measure.time(() -> parseAll(ws.recipes(), recipes)));
            String what = recipes + " recipes × " + STEPS + " steps";
            boolean met = discover.median() < TARGET_MS;
            return List.of(new Row(4, "Launcher.discover, " + what, discover,
                    "read + SnakeYAML safe load of the same files", parse, "< 2 s", met));
        }
    }

    private static void parseAll(Path dir, int expected) throws Exception {
        int parsed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                // a fresh Yaml per file, as a loader that keeps no state between files would
                Object doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                        .load(Files.readString(file, StandardCharsets.UTF_8));
                if (doc instanceof Map<?, ?>) {
                    parsed++;
                }
            }
        }
        if (parsed != expected) {
            throw new IllegalStateException("parsed " + parsed + " recipes, expected " + expected);
        }
    }
}
