package dev.orchestrator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Command-line options.
 *
 * @param quick        smaller sizes and fewer runs (a smoke run, not for quoting)
 * @param only         benchmark names or numbers to run; empty: all
 * @param tmp          where generated workspaces go (deleted afterwards)
 * @param repo         the repository root, for the Python bridge copied into generated workspaces
 * @param python       the interpreter the process benchmark compares against (same for step and spawn)
 * @param pythonShim   a second interpreter command, typically a pyenv shim found on the PATH
 */
record Options(boolean quick, Set<String> only, Path tmp, Path repo, String python, String pythonShim) {

    static final String USAGE = """
            usage: java -jar bench/target/orchestrator-bench.jar [--quick] [--only NAME|N[,…]] [--tmp DIR]
                                                                 [--repo DIR] [--python CMD] [--python-shim CMD]
              --quick         sizes and repetitions scaled down (about 1/10): a smoke run, not for quoting
              --only          run some: overhead (1), makespan (2), process (3), pyworker (3), discovery (4), ctx (5), shards (6)
              --tmp           parent folder of the generated workspaces (default: java.io.tmpdir)
              --repo          repository root holding scriptlets/python/core (default: found from the cwd up)
              --python        interpreter for python steps and the bare spawn (default: /usr/bin/python3)
              --python-shim   second interpreter to report (default: python3 from the PATH; '' to skip)
            """;

    static Options parse(String[] args) {
        boolean quick = false;
        Set<String> only = new LinkedHashSet<>();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path repo = null;
        String python = "/usr/bin/python3";
        String shim = "python3";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only.addAll(Set.of(value(args, ++i).split(",")));
                case "--tmp" -> tmp = Path.of(value(args, ++i));
                case "--repo" -> repo = Path.of(value(args, ++i));
                case "--python" -> python = value(args, ++i);
                case "--python-shim" -> shim = value(args, ++i);
                case "-h", "--help" -> throw new UsageException("");
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        return new Options(quick, Set.copyOf(only), tmp.toAbsolutePath(),
                repo == null ? findRepo() : repo.toAbsolutePath().normalize(), python, shim);
    }

    /** {@code full}, or {@code quick} with --quick. */
    int size(int full, int quickSize) {
        return quick ? quickSize : full;
    }

    boolean selected(Benchmark benchmark) {
        return only.isEmpty() || only.contains(benchmark.name()) || only.contains(String.valueOf(benchmark.number()));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new UsageException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static Path findRepo() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scriptlets/python/core/bridge.py"))) {
                return dir;
            }
        }
        return null; // only the process benchmark needs it; it says so
    }

    /** A bad command line; the message (possibly empty) goes before the usage text. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
