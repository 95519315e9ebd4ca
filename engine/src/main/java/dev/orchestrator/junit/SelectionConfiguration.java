package dev.orchestrator.junit;

import dev.orchestrator.schedule.Upstream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The keys that choose what runs beyond only/skip/resume-from: {@link Constants#SELECT},
 * {@link Constants#RERUN_FILE}, {@link Constants#UPSTREAM}, {@link Constants#SELECTION_MODE} and
 * {@link Constants#SOURCE_ROOTS}, parsed once.
 *
 * @param select      the {@link Constants#SELECT} entries (files read for {@code @file} entries), empty if unset
 * @param rerunFile   where to write the rerun file, absolute, if set
 * @param upstream    what to do about upstream steps that are not selected
 * @param prune       true: only/skip/resume-from prune the test plan instead of reporting skipped steps
 * @param sourceRoots extra source folders, absolute
 */
record SelectionConfiguration(List<String> select, Optional<Path> rerunFile, Upstream upstream, boolean prune,
                              List<Path> sourceRoots) {

    static SelectionConfiguration from(ConfigurationParameters params, Path workspace) {
        return new SelectionConfiguration(
                params.get(Constants.SELECT).map(v -> SelectEntries.parse(v, workspace)).orElse(List.of()),
                params.get(Constants.RERUN_FILE).filter(s -> !s.isBlank())
                        .map(s -> workspace.resolve(s.trim()).normalize()),
                upstream(params),
                prune(params),
                params.get(Constants.SOURCE_ROOTS).map(v -> Arrays.stream(v.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty())
                        .map(s -> workspace.resolve(s).normalize()).toList()).orElse(List.of()));
    }

    private static Upstream upstream(ConfigurationParameters params) {
        String value = params.get(Constants.UPSTREAM).map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("auto");
        return switch (value) {
            case "auto", "" -> Upstream.AUTO;
            case "run" -> Upstream.RUN;
            case "checkpoint" -> Upstream.CHECKPOINT;
            default -> throw new IllegalArgumentException(Constants.UPSTREAM
                    + " must be 'auto', 'run' or 'checkpoint', found '" + value + "'");
        };
    }

    private static boolean prune(ConfigurationParameters params) {
        String value = params.get(Constants.SELECTION_MODE).map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("report");
        return switch (value) {
            case "report", "" -> false;
            case "prune" -> true;
            default -> throw new IllegalArgumentException(Constants.SELECTION_MODE
                    + " must be 'report' or 'prune', found '" + value + "'");
        };
    }
}
