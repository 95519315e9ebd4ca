package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What a write of a ctx key outside a step's declared {@code writes} does at run time
 * ({@code orchestrator.contracts}, docs/contracts.md).
 */
@API(status = INTERNAL)
public enum ContractMode {

    /** The step fails, naming the key; a process step's changes are not applied (the default). */
    ERROR,
    /** The write stands; the step's log and a warning event name the key. */
    WARN,
    /** Not checked at run time (discovery still checks the declarations). */
    OFF;

    /** The accepted values of {@code orchestrator.contracts}. */
    public static final Set<String> NAMES = Set.of("error", "warn", "off");

    /** The mode named {@code name} (one of {@link #NAMES}, any case). */
    public static ContractMode of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
