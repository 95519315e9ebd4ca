package dev.orchestrator.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.FilePosition;

/**
 * The {@link Constants#SELECT} syntax, shared with the rerun file: {@code path[:line[:line…]]} relative to
 * the workspace (a file or a folder), {@code classpath:name[:line…]} for a class path resource, a unique id
 * ({@code [engine:orchestrator]/…}), and {@code @file} for a file of such entries, one a line ({@code #}
 * starts a comment).
 */
final class SelectEntries {

    static final String CLASSPATH = "classpath:";

    private SelectEntries() {
    }

    /** The entries of a {@link Constants#SELECT} value, {@code @file}s read. */
    static List<String> parse(String value, Path workspace) {
        List<String> entries = new ArrayList<>();
        for (String part : value.split(",")) {
            String entry = part.trim();
            if (entry.startsWith("@")) {
                entries.addAll(readFile(workspace.resolve(entry.substring(1).trim())));
            } else if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return List.copyOf(entries);
    }

    private static List<String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of(); // no rerun file yet: nothing failed last time
        }
        try {
            return Files.readAllLines(file).stream().map(String::trim)
                    .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Constants.SELECT + " file " + file, e);
        }
    }

    /** The selectors one entry stands for. */
    static List<DiscoverySelector> selectors(String entry, Path workspace) {
        if (entry.startsWith("[")) {
            return List.of(selectUniqueId(entry));
        }
        boolean classpath = entry.startsWith(CLASSPATH);
        String rest = classpath ? entry.substring(CLASSPATH.length()) : entry;
        List<Integer> lines = new ArrayList<>();
        int colon;
        while ((colon = rest.lastIndexOf(':')) > 0 && isNumber(rest.substring(colon + 1))) {
            lines.add(0, Integer.parseInt(rest.substring(colon + 1)));
            rest = rest.substring(0, colon);
        }
        List<DiscoverySelector> selectors = new ArrayList<>();
        String name = rest;
        if (classpath) {
            if (lines.isEmpty()) {
                selectors.add(selectClasspathResource(name));
            }
            lines.forEach(line -> selectors.add(selectClasspathResource(name, FilePosition.from(line))));
            return selectors;
        }
        Path path = workspace.resolve(name).normalize();
        if (Files.isDirectory(path)) {
            return List.of(selectDirectory(path.toFile()));
        }
        // by name, not File: a file that does not exist (a typo, a recipe deleted since the rerun file was
        // written) must reach the resolver, which reports it on a red recipe, instead of failing the launch
        if (lines.isEmpty()) {
            selectors.add(selectFile(path.toString()));
        }
        lines.forEach(line -> selectors.add(selectFile(path.toString(), FilePosition.from(line))));
        return selectors;
    }

    /** How the rerun file names a step: its recipe's file (or class path resource) and the step's line. */
    static String entry(dev.orchestrator.recipe.RecipeSource source, Path workspace, int line) {
        String where = source.file()
                .map(f -> f.startsWith(workspace) ? workspace.relativize(f).toString().replace('\\', '/') : f.toString())
                .orElseGet(() -> CLASSPATH + source.displayName());
        return where + ":" + line;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
