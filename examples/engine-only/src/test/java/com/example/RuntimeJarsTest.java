package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A project with orchestrator-engine alone pays for the engine, not for the reports it does not use: its runtime
 * jars (copied by the build to target/runtime-jars) weigh at most 8 MB, and none is a report plugin or one of their
 * libraries (Allure, sqlite-jdbc, Apache POI).
 */
class RuntimeJarsTest {

    private static final long LIMIT = 8L * 1024 * 1024;

    private static List<Path> runtimeJars() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target", "runtime-jars"))) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theEnginesRuntimeJarsWeighAtMostEightMegabytes() throws IOException {
        List<Path> jars = runtimeJars();
        long total = jars.stream().mapToLong(RuntimeJarsTest::size).sum();
        jars.stream().sorted(Comparator.comparingLong(RuntimeJarsTest::size).reversed())
                .forEach(jar -> System.out.printf("%,12d  %s%n", size(jar), jar.getFileName()));
        System.out.printf("%,12d  bytes in %d runtime jars of orchestrator-engine alone (limit %,d)%n",
                total, jars.size(), LIMIT);

        assertTrue(jars.stream().anyMatch(jar -> jar.getFileName().toString().startsWith("orchestrator-engine-")),
                "the engine jar is among the runtime jars: " + jars);
        assertTrue(total <= LIMIT, "orchestrator-engine alone brings " + total + " bytes of runtime jars, more than "
                + LIMIT + ": " + jars);
    }

    @Test
    void noReportLibraryComesWithTheEngine() throws IOException {
        List<String> heavy = runtimeJars().stream().map(jar -> jar.getFileName().toString())
                .filter(name -> name.matches("(allure|sqlite-jdbc|poi|orchestrator-report-).*")).toList();

        assertEquals(List.of(), heavy, "report libraries on the engine's runtime class path");
    }
}
