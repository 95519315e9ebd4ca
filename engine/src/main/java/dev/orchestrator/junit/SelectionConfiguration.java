package dev.orchestrator.junit;

import dev.orchestrator.schedule.internal.Upstream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * @param problems    one message per bad value, naming the key and the accepted values (reported at discovery)
 */
record SelectionConfiguration(List<String> select, Optional<Path> rerunFile, Upstream upstream, boolean prune,
                              List<Path> sourceRoots, List<String> problems) {

    SelectionConfiguration {
        problems = List.copyOf(problems);
    }

    static SelectionConfiguration from(ConfigurationParameters params, Path workspace) {
        ConfigReader read = new ConfigReader(params);
        Upstream upstream = switch (read.choice(Constants.UPSTREAM, Set.of("auto", "run", "checkpoint"), "auto")) {
            case "run" -> Upstream.RUN;
            case "checkpoint" -> Upstream.CHECKPOINT;
            default -> Upstream.AUTO;
        };
        boolean prune = "prune".equals(read.choice(Constants.SELECTION_MODE, Set.of("report", "prune"), "report"));
        return new SelectionConfiguration(
                read.string(Constants.SELECT).map(v -> SelectEntries.parse(v, workspace)).orElse(List.of()),
                read.string(Constants.RERUN_FILE).map(s -> workspace.resolve(s).normalize()),
                upstream,
                prune,
                read.list(Constants.SOURCE_ROOTS).stream().map(s -> workspace.resolve(s).normalize()).toList(),
                read.problems());
    }
}
