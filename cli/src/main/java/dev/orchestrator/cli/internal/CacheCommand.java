package dev.orchestrator.cli.internal;

import dev.orchestrator.execution.cache.internal.CacheStore;
import dev.orchestrator.execution.cache.internal.Sizes;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrator cache …}: the workspace's step cache, {@code Data/cache/} (docs/caching.md). */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Manage the step cache (Data/cache/) of the workspace.",
        subcommands = CacheCommand.Prune.class)
final class CacheCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a cache command is required (prune)");
    }

    /**
     * {@code orchestrator cache prune [--max-size 500MB] [--older-than 30d]}: drops entries not used within the
     * age, then the least recently used until the store fits the size, then the stored files no entry names.
     */
    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Drop cached step results: those not used within --older-than, then the least recently "
                    + "used until the store fits --max-size, then stored files no result names. Without options, "
                    + "only unreadable entries and unreferenced files go.")
    static final class Prune implements Callable<Integer> {

        private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhdw])", Pattern.CASE_INSENSITIVE);

        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = "--max-size", paramLabel = "SIZE",
                description = "The most the store may take afterwards: 500MB, 2GB, 64KB or bytes (units of 1024).")
        String maxSize;

        @Option(names = "--older-than", paramLabel = "AGE",
                description = "Drop results last used longer ago than this: 30d, 12h, 45m, 2w.")
        String olderThan;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long max = 0;
            if (maxSize != null) {
                try {
                    max = Sizes.parse(maxSize);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--max-size: " + e.getMessage());
                }
            }
            Instant cutoff = olderThan == null ? null : Instant.now().minus(age(olderThan));
            CacheStore store = CacheStore.of(workspace.root());
            CacheStore.PruneResult result = store.prune(max, cutoff);
            out.printf(Locale.ROOT, "pruned %d cached result(s) and %d stored file(s): %s -> %s, %d result(s) kept%n",
                    result.entriesRemoved(), result.objectsRemoved(), Sizes.describe(result.bytesBefore()),
                    Sizes.describe(result.bytesAfter()), result.entriesKept());
            return ExitCodes.OK;
        }

        static Duration age(String text) {
            Matcher m = AGE.matcher(text.trim());
            if (!m.matches()) {
                throw new UsageException("--older-than: expected an age like 30d, 12h, 45m or 2w, found '" + text + "'");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(n);
            };
        }
    }
}
