package dev.orchestrator.execution.cache.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * How a run uses the step cache ({@code orchestrator.cache}, {@code orchestrator.cache.max-size}).
 *
 * @param mode     whether cached results are read, and whether new ones are written
 * @param maxBytes the most bytes the store keeps after a run (least recently used entries go first); 0: no cap
 */
@API(status = INTERNAL)
public record CacheSettings(Mode mode, long maxBytes) {

    /** What a run gets without configuration: read and write, no cap. */
    public static final CacheSettings DEFAULT = new CacheSettings(Mode.READ_WRITE, 0);

    public CacheSettings {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
    }

    /** {@code off}: every step runs; {@code read}: hits are used, nothing is written; {@code read-write}: both. */
    @API(status = INTERNAL)
    public enum Mode {
        OFF, READ, READ_WRITE;

        /** The configuration values, as {@code orchestrator.cache} spells them. */
        public static final Set<String> NAMES = Set.of("off", "read", "read-write");

        /** {@code off}, {@code read} or {@code read-write}. */
        public static Mode parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        public boolean reads() {
            return this != OFF;
        }

        public boolean writes() {
            return this == READ_WRITE;
        }
    }
}
