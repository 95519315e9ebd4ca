package dev.orchestrator.context.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What a finished step's ctx checkpoint survives ({@code orchestrator.durability}). Every mode appends to
 * the recipe run's ctx journal; they differ in when the bytes leave the JVM and when they reach the disk.
 */
@API(status = INTERNAL)
public enum Durability {

    /**
     * The default. A step's journal records are handed to the operating system (one {@code write}) before
     * the step is reported finished, without an fsync: they survive the JVM being killed (kill -9, an
     * out-of-memory kill), not a power cut or a kernel crash.
     */
    PROCESS_CRASH("process-crash"),

    /**
     * As {@link #PROCESS_CRASH}, and a step is reported finished only once its records are on stable
     * storage. The fsync is done by one background thread for every record written since its last one
     * (group commit), so steps finishing together, in one recipe or in several, share a single fsync.
     */
    POWER_LOSS("power-loss"),

    /**
     * The journal is buffered in the JVM and written in blocks of 64 KiB and when the recipe ends: the
     * cheapest, and a killed run may lose the checkpoints of its last steps (a later resume must then start
     * from an earlier step). A torn last record is ignored when read.
     */
    NONE("none");

    private final String key;

    Durability(String key) {
        this.key = key;
    }

    /** The configuration value: {@code process-crash}, {@code power-loss} or {@code none}. */
    public String key() {
        return key;
    }

    /**
     * The mode named by {@code value} (trimmed, any case).
     *
     * @throws IllegalArgumentException naming the accepted values when there is no such mode
     */
    public static Durability parse(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (Durability d : values()) {
            if (d.key.equals(wanted)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown durability '" + value + "': expected process-crash, power-loss or none");
    }
}
