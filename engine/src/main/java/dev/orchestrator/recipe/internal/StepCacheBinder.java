package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.StepCache;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * Binds a step's {@code cache:} value: {@code true}/{@code false}, or a mapping of {@code inputs} and
 * {@code outputs} (workspace-relative globs) and {@code env} (variable names). A glob must compile and must not
 * leave the workspace (no absolute path, no {@code ..} segment); every problem is reported at its own position.
 */
final class StepCacheBinder {

    static final List<String> KEYS = List.of("inputs", "outputs", "env");

    private final Problems problems;

    StepCacheBinder(Problems problems) {
        this.problems = problems;
    }

    Optional<StepCache> bind(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isBoolean()) {
            return Optional.of(scalar.value().booleanValue() ? new StepCache(true, List.of(), List.of(), List.of())
                    : StepCache.NONE);
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            return Values.wrong(node, "true, false or a mapping of inputs, outputs and env", StepKeys.CACHE, problems);
        }
        int before = problems.count();
        List<String> inputs = List.of();
        List<String> outputs = List.of();
        List<String> env = List.of();
        for (YamlNode.Entry e : mapping.entries()) {
            switch (e.key()) {
                case "inputs" -> inputs = globs(e.value(), "cache.inputs");
                case "outputs" -> outputs = globs(e.value(), "cache.outputs");
                case "env" -> env = names(e.value());
                default -> problems.add(e.keyPosition(), "unknown key '" + Values.clip(e.key()) + "' in cache"
                        + Suggestions.hint(e.key(), KEYS, "keys"));
            }
        }
        return problems.count() == before ? Optional.of(new StepCache(true, inputs, outputs, env)) : Optional.empty();
    }

    private List<String> globs(YamlNode node, String key) {
        List<String> globs = new ArrayList<>();
        Values.stringItems(node, key, problems).ifPresent(items -> items.forEach(item -> {
            String glob = item.value().asText();
            checkGlob(glob, key, item.position()).ifPresent(globs::add);
        }));
        return globs;
    }

    private Optional<String> checkGlob(String glob, String key, Position at) {
        String unixy = glob.replace('\\', '/');
        if (glob.isBlank()) {
            problems.add(at, "expected a workspace-relative glob in '" + key + "', found an empty string");
            return Optional.empty();
        }
        boolean absolute = unixy.startsWith("/") || unixy.matches("[A-Za-z]:.*");
        boolean up = List.of(unixy.split("/")).contains("..");
        if (absolute || up) {
            problems.add(at, "glob '" + Values.clip(glob) + "' in '" + key + "' escapes the workspace; expected a"
                    + " workspace-relative glob without '..' (e.g. Data/*.csv)");
            return Optional.empty();
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
            Path.of(literalPrefix(glob));
        } catch (PatternSyntaxException | InvalidPathException | UnsupportedOperationException e) {
            problems.add(at, "expected a glob in '" + key + "', found '" + Values.clip(glob) + "' ("
                    + (e instanceof PatternSyntaxException p ? p.getDescription() : e.getMessage()) + ")");
            return Optional.empty();
        }
        return Optional.of(glob);
    }

    /** The folders of {@code glob} before its first segment with a wildcard ({@code Data/in} of {@code Data/in/*.csv}). */
    static String literalPrefix(String glob) {
        String[] segments = glob.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].chars().anyMatch(c -> "*?[{\\".indexOf(c) >= 0)) {
                break;
            }
            prefix.append(prefix.length() == 0 ? "" : "/").append(segments[i]);
        }
        return prefix.toString();
    }

    private List<String> names(YamlNode node) {
        List<String> names = new ArrayList<>();
        Values.stringItems(node, "cache.env", problems).ifPresent(items -> items.forEach(item -> {
            String name = item.value().asText();
            if (StepBinder.ENV_NAME.matcher(name).matches()) {
                names.add(name);
            } else {
                problems.add(item.position(), "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) in"
                        + " 'cache.env', found '" + Values.clip(name) + "'");
            }
        }));
        return names;
    }
}
