package dev.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the benchmarks and prints one Markdown table on stdout (progress on stderr):
 * {@code java -jar bench/target/orchestrator-bench.jar [--quick] [--only overhead,3]}. See BENCHMARKS.md.
 */
public final class BenchMain {

    private static final List<Benchmark> ALL = List.of(new OverheadBench(), new MakespanBench(),
            new ProcessStepBench(), new PythonWorkerBench(), new DiscoveryBench(), new ContextWritesBench(), new ShardBench(),
            new CacheBench());

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
            for (String name : options.only()) {
                if (ALL.stream().noneMatch(b -> b.name().equals(name) || String.valueOf(b.number()).equals(name))) {
                    throw new Options.UsageException("no benchmark named " + name);
                }
            }
        } catch (Options.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        List<Row> rows = new ArrayList<>();
        try {
            for (Benchmark benchmark : ALL) {
                if (!options.selected(benchmark)) {
                    continue;
                }
                System.err.printf("[bench] %d %s …%n", benchmark.number(), benchmark.name());
                long start = System.nanoTime();
                List<Row> result = benchmark.run(options);
                rows.addAll(result);
                // progress only: the rows go to stdout once, in the table below (printing them here as well showed
                // every row twice wherever both streams are seen, a terminal or a CI log)
                System.err.printf(Locale.ROOT, "[bench] %d %s done in %.1f s: %d rows%n", benchmark.number(),
                        benchmark.name(), (System.nanoTime() - start) / 1e9, result.size());
            }
        } finally {
            // also when a later benchmark fails: the rows measured so far are not lost
            System.out.println(machine(options));
            System.out.println();
            System.out.print(Table.markdown(rows));
        }
    }

    private static String machine(Options options) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%s%s %s on %s %s (%s), %d cores, max heap %d MiB, workspaces in %s",
                options.quick() ? "QUICK RUN (scaled down, not for quoting) — " : "",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                rt.availableProcessors(), rt.maxMemory() / (1024 * 1024), options.tmp());
    }
}
