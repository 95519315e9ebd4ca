package dev.orchestrator.junit;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which step a line of a recipe file points at ("run at cursor", {@code x.yaml?line=22},
 * {@code orchestrator.select=x.yaml:22}).
 *
 * <p>A step's block runs from its first line to its last line that is neither blank nor a comment. A line
 * inside a block selects that step. A blank or comment line between two steps selects the step that follows
 * (a comment above a step usually describes it). Every other line ({@code test_meta}, {@code settings}, the
 * {@code steps:} key, lines after the last step) selects the whole recipe: empty.
 */
final class StepAtLine {

    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("^[A-Za-z_][\\w-]*\\s*:");

    private StepAtLine() {
    }

    /** The step at 1-based {@code line} of {@code recipe}, or empty for the whole recipe. */
    static Optional<Step> find(Recipe recipe, int line) {
        return find(recipe, line, lines(recipe));
    }

    static Optional<Step> find(Recipe recipe, int line, List<String> text) {
        List<Step> steps = recipe.steps().stream()
                .sorted(java.util.Comparator.comparingInt(s -> s.position().line())).toList();
        for (int i = 0; i < steps.size(); i++) {
            int start = steps.get(i).position().line();
            int next = i + 1 < steps.size() ? steps.get(i + 1).position().line() : endOfSection(text, start);
            int last = lastContentLine(text, start, next - 1);
            if (line >= start && line <= last) {
                return Optional.of(steps.get(i));
            }
            if (i + 1 < steps.size() && line > last && line < next) {
                return Optional.of(steps.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** The first line after {@code start} holding a top-level key (the section after {@code steps}), or past the end. */
    private static int endOfSection(List<String> text, int start) {
        for (int n = start + 1; n <= text.size(); n++) {
            if (TOP_LEVEL_KEY.matcher(text.get(n - 1)).find()) {
                return n;
            }
        }
        return text.size() + 1;
    }

    private static int lastContentLine(List<String> text, int start, int end) {
        for (int n = Math.min(end, text.size()); n > start; n--) {
            String trimmed = text.get(n - 1).trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                return n;
            }
        }
        return start;
    }

    private static List<String> lines(Recipe recipe) {
        try (InputStream in = recipe.source().uri().toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recipe.source().displayName(), e);
        }
    }
}
