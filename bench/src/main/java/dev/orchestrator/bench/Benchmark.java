package dev.orchestrator.bench;

import java.util.List;

/** One benchmark of issue 4's list. */
interface Benchmark {

    /** Its number in issue 4's list (1–5). */
    int number();

    /** A short name for {@code --only}: overhead, makespan, process, discovery, ctx. */
    String name();

    /** Runs it, with its own warm-up, and returns its rows. */
    List<Row> run(Options options) throws Exception;
}
