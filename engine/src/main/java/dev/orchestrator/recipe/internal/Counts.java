package dev.orchestrator.recipe.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A count with its noun in the right number, for logs and summaries: {@code 1 step}, {@code 0 steps},
 * {@code 3 steps}. English only; the nouns are the engine's own (step, recipe, attempt, graph, shard, …).
 */
@API(status = INTERNAL)
public final class Counts {

    private Counts() {
    }

    /** {@code n} and {@code one}, with an {@code s} added unless {@code n} is 1: {@code of(2, "step")} is {@code 2 steps}. */
    public static String of(long n, String one) {
        return of(n, one, one + "s");
    }

    /** {@code n} and {@code one} when {@code n} is 1, else {@code n} and {@code many}: {@code of(2, "entry", "entries")}. */
    public static String of(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
