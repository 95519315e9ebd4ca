package dev.orchestrator.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import dev.orchestrator.junit.Constants;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One process of the shards benchmark ({@link ShardBench}): runs the recipes folder of a workspace through the
 * launcher, as shard {@code k/n} or unsharded ({@code -}), and prints {@code passed=N work_ms=X} on stdout: the
 * passed steps and the sum of their start→finish times.
 *
 * <p>{@code java -cp orchestrator-bench.jar dev.orchestrator.bench.ShardProcess WORKSPACE SHARD|- RUN_ID PARALLELISM}
 */
public final class ShardProcess {

    private ShardProcess() {
    }

    public static void main(String[] args) {
        Path workspace = Path.of(args[0]);
        Map<String, String> config = Launches.orchestrator(workspace, Constants.RUN_ID, args[2],
                Constants.PARALLELISM, args[3], Constants.REPORTS, "database");
        if (!"-".equals(args[1])) {
            config.put(Constants.SHARD, args[1]);
        }
        Tally tally = Tally.timing();
        new Launches().execute(Launches.request(Constants.ENGINE_ID, config,
                selectDirectory(workspace.resolve("recipes").toFile())), tally);
        double work = tally.durationsMillis().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(Locale.ROOT, "passed=%d work_ms=%.1f%n", tally.durationsMillis().size(), work);
    }
}
