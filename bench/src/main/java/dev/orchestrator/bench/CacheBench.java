package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import dev.orchestrator.junit.Constants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * 9. The seed example recipe (a shell step, then a python step) with {@code cache: true} on every step: the
 * second and later launches are served from the step cache. Whole launches (discovery and execution) with the
 * cache on, each after a launch that filled it, against launches of the same recipe with
 * {@code orchestrator.cache=off}, alternating, in the same JVM.
 */
final class CacheBench implements Benchmark {

    @Override
    public int number() {
        return 9;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public List<Row> run(Options options) throws Exception {
        int n = options.size(20, 4);
        try (BenchWorkspace ws = BenchWorkspace.create(options, "cache")) {
            Path recipe = seed(ws, options.repo());
            Launches launches = new Launches();
            List<Double> cached = new ArrayList<>();
            List<Double> uncached = new ArrayList<>();
            List<Double> cachedSteps = new ArrayList<>();
            List<Double> uncachedSteps = new ArrayList<>();
            launch(ws, launches, recipe, options, "read-write", null, null); // fills the cache, warms the JVM
            launch(ws, launches, recipe, options, "off", null, null);
            for (int i = 0; i < n; i++) {
                launch(ws, launches, recipe, options, "off", uncached, uncachedSteps);
                launch(ws, launches, recipe, options, "read-write", cached, cachedSteps);
            }
            Samples hit = new Samples(cached, "ms");
            Samples miss = new Samples(uncached, "ms");
            return List.of(
                    Row.ratioTarget(9, "seed example, every step `cache: true`, second launch (cached), whole launch",
                            hit, "the same launch with `orchestrator.cache=off`", miss, 0.7),
                    Row.info(9, "breakdown: per step, cached (fingerprint, replay, restore, log)",
                            new Samples(cachedSteps, "ms"), "per step, run (shell / python process)",
                            new Samples(uncachedSteps, "ms")));
        }
    }

    /** One launch of the recipe with {@code orchestrator.cache=mode}; its whole time and step times go to the lists. */
    private static void launch(BenchWorkspace ws, Launches launches, Path recipe, Options options, String mode,
                               List<Double> launchMs, List<Double> stepMs) throws Exception {
        BenchWorkspace.deleteTree(ws.root().resolve("Logs"));
        Map<String, String> config = Launches.orchestrator(ws.root(), Constants.PYTHON, options.python(),
                Constants.CACHE, mode, Constants.REPORTS, "none");
        Tally tally = Tally.timing();
        long nanos = launches.execute(Launches.request(Constants.ENGINE_ID, config, selectFile(recipe.toFile())), tally);
        tally.expect(2);
        if (launchMs != null) {
            launchMs.add(nanos / 1e6);
            stepMs.addAll(tally.durationsMillis());
        }
    }

    /** The repository's seed example recipe, scriptlets and sample data, with {@code defaults: {cache: true}}. */
    private static Path seed(BenchWorkspace ws, Path repo) throws Exception {
        if (repo == null) {
            throw new IllegalStateException("cannot find the repository: run from it or pass --repo");
        }
        for (String folder : List.of("scriptlets/python/core", "scriptlets/python/steps", "scriptlets/shell")) {
            copyTree(repo.resolve(folder), ws.root().resolve(folder));
        }
        ws.write("scriptlets/__init__.py", "");
        ws.write("scriptlets/python/__init__.py", "");
        Files.createDirectories(ws.root().resolve("Data"));
        Files.copy(repo.resolve("templates/sample-data/raw.csv"), ws.root().resolve("Data/raw.csv"));
        String yaml = Files.readString(repo.resolve("recipes/seed_example.yaml"));
        return ws.write("recipes/seed_example.yaml", yaml.replace("\nsteps:\n", "\ndefaults: {cache: true}\nsteps:\n"));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                if (source.toString().contains("__pycache__")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
