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
 * <p>A step's block runs from its first line to its last line that is neither blank nor a comment (and is
 * indented at least as far as the step's keys: a {@code - parallel:} line starts a new item). A line
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
            int last = lastContentLine(text, start, next - 1, steps.get(i).position().column());
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

    /**
     * The last line of the block that starts at {@code start}: content lines indented at least as far as the
     * step's first key ({@code column}); a line indented less (the next item, a {@code - parallel:} group, a
     * top-level key) ends it.
     */
    private static int lastContentLine(List<String> text, int start, int end, int column) {
        int last = start;
        for (int n = start + 1; n <= Math.min(end, text.size()); n++) {
            String line = text.get(n - 1);
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (line.length() - line.stripLeading().length() + 1 < column) {
                break;
            }
            last = n;
        }
        return last;
    }

    private static List<String> lines(Recipe recipe) {
        try (InputStream in = recipe.source().uri().toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recipe.source().displayName(), e);
        }
    }
}
