package dev.orchestrator.recipe.internal;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?": the nearest of some valid words to a misspelt one. Stateless. */
final class Suggestions {

    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code typed}: within {@value #MAX_DISTANCE} edits, or one being a prefix of the
     * other; the smallest edit distance wins, ties go to the earlier candidate.
     */
    static Optional<String> nearest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(typed, candidate);
            boolean prefix = !typed.isEmpty() && (candidate.startsWith(typed) || typed.startsWith(candidate));
            if ((distance <= MAX_DISTANCE || prefix) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean 'x'?"} or, with nothing near, {@code "; valid keys: a, b, c"}. */
    static String hint(String typed, Collection<String> candidates, String what) {
        return nearest(typed, candidates)
                .map(n -> "; did you mean '" + n + "'?")
                .orElseGet(() -> "; valid " + what + ": " + String.join(", ", candidates));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
