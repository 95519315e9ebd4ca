package dev.orchestrator.bench.jupiter;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Baseline (a) of the engine-overhead benchmark: {@value #COUNT} (a system property, default 2000) dynamic
 * tests that do nothing. Lives in main code so only the benchmark's own launches ever run it.
 */
public class NoopTestFactory {

    /** System property: how many dynamic tests {@link #noops()} makes. */
    public static final String COUNT = "orchestrator.bench.dynamic-tests";

    @TestFactory
    Stream<DynamicTest> noops() {
        return IntStream.range(0, Integer.getInteger(COUNT, 2000))
                .mapToObj(i -> dynamicTest("noop_" + i, () -> { }));
    }
}
