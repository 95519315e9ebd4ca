package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.Position;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the problems of one recipe while it is read and checked. Not thread-safe: one per {@code load}.
 * The same problem reported twice (a {@code defaults} value checked for every step) is kept once.
 */
final class Problems {

    private final String file;
    private final Set<RecipeProblem> problems = new LinkedHashSet<>();
    private final Set<Position> muted = new HashSet<>();

    Problems(String file) {
        this.file = file;
    }

    void add(Position position, String message) {
        if (!muted.contains(position)) {
            problems.add(new RecipeProblem(file, position, message));
        }
    }

    /**
     * Adds a problem about a value that could not be read at all; later problems at the same place (the
     * binder finding "nothing" there) would only repeat it, so they are dropped.
     */
    void addUnreadable(Position position, String message) {
        add(position, message);
        muted.add(position);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int count() {
        return problems.size();
    }

    /** Every problem in file order (line, then column); problems at the same place keep the order they were found in. */
    List<RecipeProblem> inFileOrder() {
        List<RecipeProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((RecipeProblem p) -> p.position().line())
                .thenComparingInt(p -> p.position().column()));
        return sorted;
    }
}
