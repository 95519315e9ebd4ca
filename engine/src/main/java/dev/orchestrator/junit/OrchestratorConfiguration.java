package dev.orchestrator.junit;

import dev.orchestrator.context.Durability;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The engine's configuration, parsed once from {@link ConfigurationParameters}; see {@link Constants}.
 *
 * @param workspace   absolute, normalised workspace folder
 * @param recipesGlob the {@link Constants#RECIPES} glob, if set
 * @param only        step names to run (empty: all)
 * @param skip        step names to leave out
 * @param resumeFrom  the step to resume from, if set
 * @param parallelism most steps running at once across the launch
 * @param python      the Python interpreter command
 * @param runId       this execution's run id
 * @param qualifiedStepNames true: steps are displayed as {@code <test_id> - <step>}
 * @param durability  what a finished step's ctx checkpoint survives
 */
record OrchestratorConfiguration(Path workspace, Optional<String> recipesGlob, Set<String> only, Set<String> skip,
                                 Optional<String> resumeFrom, int parallelism, String python, String runId,
                                 boolean qualifiedStepNames, Durability durability) {

    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    static OrchestratorConfiguration from(ConfigurationParameters params) {
        Path workspace = Path.of(params.get(Constants.WORKSPACE).filter(s -> !s.isBlank()).orElse("."))
                .toAbsolutePath().normalize();
        int parallelism = params.get(Constants.PARALLELISM, Integer::parseInt)
                .orElse(Runtime.getRuntime().availableProcessors());
        if (parallelism < 1) {
            throw new IllegalArgumentException(Constants.PARALLELISM + " must be at least 1, found " + parallelism);
        }
        return new OrchestratorConfiguration(
                workspace,
                params.get(Constants.RECIPES).filter(s -> !s.isBlank()).map(String::trim),
                names(params, Constants.ONLY),
                names(params, Constants.SKIP),
                params.get(Constants.RESUME_FROM).filter(s -> !s.isBlank()).map(String::trim),
                parallelism,
                params.get(Constants.PYTHON).filter(s -> !s.isBlank()).orElse("python3"),
                params.get(Constants.RUN_ID).filter(s -> !s.isBlank()).orElseGet(OrchestratorConfiguration::newRunId),
                qualifiedStepNames(params),
                params.get(Constants.DURABILITY).map(Durability::parse).orElse(Durability.PROCESS_CRASH));
    }

    private static boolean qualifiedStepNames(ConfigurationParameters params) {
        String value = params.get(Constants.STEP_DISPLAY_NAME).map(String::trim).orElse("name");
        return switch (value) {
            case "name" -> false;
            case "recipe-and-name" -> true;
            default -> throw new IllegalArgumentException(Constants.STEP_DISPLAY_NAME
                    + " must be 'name' or 'recipe-and-name', found '" + value + "'");
        };
    }

    private static Set<String> names(ConfigurationParameters params, String key) {
        Set<String> names = new LinkedHashSet<>();
        params.get(key).ifPresent(v -> Arrays.stream(v.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add));
        return Set.copyOf(names);
    }

    static String newRunId() {
        return RUN_STAMP.format(LocalDateTime.now(ZoneOffset.UTC)) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
