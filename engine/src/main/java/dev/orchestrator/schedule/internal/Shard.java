package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One shard of a run split across machines or processes: shard {@code index} of {@code count}, both counted
 * from 1 ({@code 2/4} is the second of four). Written and parsed as {@code k/n}.
 *
 * @param index which shard, 1 to {@code count}
 * @param count how many shards the run is split into, at least 1
 */
@API(status = INTERNAL)
public record Shard(int index, int count) {

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is k/n with 1 <= k <= n, found " + index + "/" + count);
        }
    }

    /** {@code k/n} with whole numbers {@code 1 <= k <= n}; empty for anything else. */
    public static Optional<Shard> parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            int k = Integer.parseInt(parts[0].trim());
            int n = Integer.parseInt(parts[1].trim());
            return k >= 1 && n >= 1 && k <= n ? Optional.of(new Shard(k, n)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
