package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A step's ctx contract: the keys it declares it reads ({@code reads:}) and writes ({@code writes:}).
 *
 * @param reads  ctx keys the step reads; empty if undeclared
 * @param writes ctx keys the step writes; empty if undeclared
 */
@API(status = INTERNAL)
public record StepContract(List<String> reads, List<String> writes) {

    /** Nothing declared: what a step without {@code reads:} or {@code writes:} gets. */
    public static final StepContract NONE = new StepContract(List.of(), List.of());

    public StepContract {
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
    }
}
