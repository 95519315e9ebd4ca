package dev.orchestrator.bench;

/**
 * One line of the result table: what was measured against what baseline, and whether the target holds.
 *
 * @param bench     the benchmark's number (issue 4's list)
 * @param subject   what was measured
 * @param value     its samples
 * @param baseline  what it is compared with
 * @param reference the baseline's samples, measured in the same run
 * @param target    the target in words (e.g. {@code ≤ 1.3×}), or {@code —}
 * @param met       whether the target holds; null when there is no target
 */
record Row(int bench, String subject, Samples value, String baseline, Samples reference, String target, Boolean met) {

    /** Median over median. */
    double ratio() {
        return value.median() / reference.median();
    }

    /** A row whose target is a ratio: met when {@code ratio() <= maxRatio}. */
    static Row ratioTarget(int bench, String subject, Samples value, String baseline, Samples reference,
                           double maxRatio) {
        boolean met = value.median() / reference.median() <= maxRatio;
        return new Row(bench, subject, value, baseline, reference, "≤ " + Table.number(maxRatio) + "×", met);
    }

    /** A row reported for the breakdown, with no target. */
    static Row info(int bench, String subject, Samples value, String baseline, Samples reference) {
        return new Row(bench, subject, value, baseline, reference, "—", null);
    }
}
