package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the steps' ctx contracts against the step graph before anything runs (docs/contracts.md):
 * <ul>
 *   <li>a declared read of a key that neither {@code test_meta} nor any upstream step can have written, judged
 *       only when every upstream step declares its writes (one that does not may write anything);</li>
 *   <li>two steps that may run at the same time (neither upstream of the other) declaring writes of one key.</li>
 * </ul>
 * Each problem is reported where the key is declared. Stateless.
 */
final class ContractCheck {

    private static final int LISTED = 5;

    private ContractCheck() {
    }

    /** Checks {@code steps}, which are complete, uniquely named and free of dependency cycles. */
    static void check(List<Step> steps, Problems problems) {
        if (!DataFlow.hasContracts(steps)) {
            return;
        }
        DataFlow flow = DataFlow.of(steps);
        for (Step step : steps) {
            for (String key : step.contract().reads()) {
                checkRead(flow, steps, step, key, problems);
            }
        }
        checkConcurrentWrites(flow, steps, problems);
    }

    private static void checkRead(DataFlow flow, List<Step> steps, Step reader, String key, Problems problems) {
        if (key.equals(DataFlow.TEST_META)) {
            return;
        }
        List<Step> upstream = flow.upstreamOf(reader.name());
        boolean judged = upstream.stream().allMatch(s -> s.contract().declaresWrites());
        if (!judged || upstream.stream().anyMatch(s -> s.contract().writes().contains(key))) {
            return;
        }
        StringBuilder message = new StringBuilder("step '").append(reader.name()).append("' reads ctx key '")
                .append(Values.clip(key)).append("', which no step before it writes: ");
        if (upstream.isEmpty()) {
            message.append("it depends on no step, and the ctx starts with test_meta only");
        } else {
            message.append("every step it depends on declares its writes (")
                    .append(names(upstream)).append(") and none writes it");
        }
        List<String> elsewhere = steps.stream().filter(s -> s != reader && s.contract().writes().contains(key))
                .map(Step::name).toList();
        if (!elsewhere.isEmpty()) {
            message.append("; step '").append(elsewhere.get(0)).append("' writes it but is not upstream of '")
                    .append(reader.name()).append("' (add it to depends_on)");
        } else {
            Set<String> written = new LinkedHashSet<>();
            written.add(DataFlow.TEST_META);
            upstream.forEach(s -> written.addAll(s.contract().writes()));
            Suggestions.nearest(key, written).ifPresent(n -> message.append("; did you mean '").append(n).append("'?"));
        }
        problems.add(reader.contract().readAt(key), message.toString());
    }

    private static void checkConcurrentWrites(DataFlow flow, List<Step> steps, Problems problems) {
        Map<String, List<Step>> writers = new LinkedHashMap<>();
        for (Step step : steps) {
            step.contract().writes().forEach(key -> writers.computeIfAbsent(key, k -> new ArrayList<>()).add(step));
        }
        writers.forEach((key, list) -> {
            for (int j = 1; j < list.size(); j++) {
                Step second = list.get(j);
                for (Step first : list.subList(0, j)) {
                    if (flow.mayOverlap(first.name(), second.name())) {
                        problems.add(second.contract().writeAt(key), "ctx key '" + Values.clip(key)
                                + "' is written by step '" + first.name() + "' (line " + first.contract().writeAt(key).line()
                                + ") and step '" + second.name() + "', which may run at the same time (neither depends"
                                + " on the other): its value would depend on which finishes last; make one depend on"
                                + " the other, or write different keys");
                        break;
                    }
                }
            }
        });
    }

    private static String names(List<Step> steps) {
        List<String> names = steps.stream().limit(LISTED).map(Step::name).toList();
        return String.join(", ", names) + (steps.size() > LISTED ? ", … (" + steps.size() + " steps)" : "");
    }
}
