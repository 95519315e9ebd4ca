package dev.orchestrator.report.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.report.ReportKeys;
import dev.orchestrator.report.ReportPlugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * The reports a launch can write: the built-in ones (the step graph) and every {@link ReportPlugin} on the
 * class path, and what {@link ReportKeys#REPORTS} chooses out of them (docs/reports.md).
 */
@API(status = INTERNAL)
public final class ReportPlugins {

    /** The value of {@link ReportKeys#REPORTS} that writes no report. */
    public static final String NONE = "none";

    /** The reports of this project that ship in artifacts of their own: what to add to use one. */
    private static final Map<String, String> ARTIFACTS = Map.of(
            "allure", "dev.orchestrator:orchestrator-report-allure",
            "database", "dev.orchestrator:orchestrator-report-database",
            "excel", "dev.orchestrator:orchestrator-report-excel");

    private static final String ALL_ARTIFACT = "dev.orchestrator:orchestrator-all";

    /** Providers that fail to load before the search gives up (a broken service file must not loop). */
    private static final int MAX_BROKEN = 64;

    private final Map<String, ReportPlugin> byName;

    private ReportPlugins(Map<String, ReportPlugin> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * The built-in reports and every plugin {@link ServiceLoader} finds through {@code classLoader}. A provider
     * that cannot be loaded is left out: choosing its name then says which artifact to add.
     *
     * @param classLoader where to look; null: the engine's own class loader
     */
    public static ReportPlugins on(ClassLoader classLoader) {
        Map<String, ReportPlugin> found = new TreeMap<>();
        ReportPlugin graph = new GraphReport();
        found.put(graph.name(), graph);
        ClassLoader loader = classLoader == null ? ReportPlugins.class.getClassLoader() : classLoader;
        Iterator<ReportPlugin> providers = ServiceLoader.load(ReportPlugin.class, loader).iterator();
        int broken = 0;
        while (broken < MAX_BROKEN) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                ReportPlugin plugin = providers.next();
                found.putIfAbsent(plugin.name().toLowerCase(Locale.ROOT), plugin);
            } catch (ServiceConfigurationError | LinkageError e) {
                broken++;
            }
        }
        return new ReportPlugins(found);
    }

    /** The names of the reports found, sorted. */
    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** The report of that name, if it is on the class path. */
    public Optional<ReportPlugin> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names {@link ReportKeys#REPORTS} accepts: every report found, every report of this project, none. */
    public SortedSet<String> accepted() {
        SortedSet<String> accepted = names();
        accepted.addAll(ARTIFACTS.keySet());
        accepted.add(NONE);
        return accepted;
    }

    /**
     * What a value of {@link ReportKeys#REPORTS} chooses: comma-separated names, each optionally with an output
     * location ({@code allure:target/allure-results}, relative to the workspace); {@code none} chooses none;
     * not set (empty), every report found.
     *
     * @param value     the key's value, if set and not blank
     * @param workspace the absolute, normalised workspace an output location resolves against and must stay in
     * @return the chosen names and outputs, and one problem per bad entry (a bad entry is left out)
     */
    public Choice choose(Optional<String> value, Path workspace) {
        if (value.isEmpty()) {
            return new Choice(names(), Map.of(), List.of());
        }
        Set<String> chosen = new LinkedHashSet<>();
        Map<String, Path> outputs = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (String entry : value.get().split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
            Optional<String> path = colon < 0 ? Optional.empty() : Optional.of(trimmed.substring(colon + 1).trim());
            if (trimmed.isEmpty() || name.equals(NONE) && path.isEmpty()) {
                continue;
            }
            Optional<Problem> problem = check(trimmed, name, path, workspace);
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            chosen.add(name);
            path.ifPresent(p -> outputs.put(name, workspace.resolve(p).normalize()));
        }
        return new Choice(chosen, outputs, problems);
    }

    private Optional<Problem> check(String entry, String name, Optional<String> path, Path workspace) {
        SortedSet<String> accepted = accepted();
        if (!accepted.contains(name) || name.equals(NONE)) {
            return Optional.of(new Problem(entry, "a comma-separated list of " + String.join(", ", accepted)
                    + " (each report optionally name:path, a path inside the workspace)"));
        }
        if (!byName.containsKey(name)) {
            return Optional.of(new Problem(entry, "a report on the class path (" + String.join(", ", names())
                    + ", none); the report '" + name + "' needs the artifact " + ARTIFACTS.get(name) + " (or "
                    + ALL_ARTIFACT + ") among the test dependencies"));
        }
        if (path.isPresent() && (path.get().isEmpty() || !confined(workspace, path.get()))) {
            return Optional.of(new Problem(entry, "name:path with a path inside the workspace " + workspace));
        }
        return Optional.empty();
    }

    private static boolean confined(Path workspace, String path) {
        try {
            Path resolved = workspace.resolve(path).normalize();
            return resolved.startsWith(workspace) && !resolved.equals(workspace);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * What {@link ReportKeys#REPORTS} chose.
     *
     * @param names   the chosen reports' names, each on the class path
     * @param outputs the output location given for a report, by name: absolute, inside the workspace
     * @param problems one per bad entry
     */
    public record Choice(Set<String> names, Map<String, Path> outputs, List<Problem> problems) {
        public Choice {
            names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
            outputs = Map.copyOf(outputs);
            problems = List.copyOf(problems);
        }
    }

    /**
     * A bad entry of {@link ReportKeys#REPORTS}.
     *
     * @param value    the entry as given
     * @param expected what is accepted instead: the report names, or the artifact to add
     */
    public record Problem(String value, String expected) {
    }
}
