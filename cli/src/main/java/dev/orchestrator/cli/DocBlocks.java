package dev.orchestrator.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the documentation blocks of Python and shell scriptlets (the seed's layout: sections Name,
 * Description, Usage, Arguments, Examples (CLI), Limitations/Requirements).
 */
final class DocBlocks {

    private DocBlocks() {
    }

    /** The module docstring a Python file starts with ({@code """…"""} or {@code '''…'''}), dedented; empty when none. */
    static String pythonDocstring(String source) {
        String text = source.stripLeading();
        // a shebang or encoding line may come first
        while (text.startsWith("#")) {
            int newline = text.indexOf('\n');
            text = newline < 0 ? "" : text.substring(newline + 1).stripLeading();
        }
        for (String quote : List.of("\"\"\"", "'''")) {
            for (String prefix : List.of("", "r", "R")) {
                String open = prefix + quote;
                if (text.startsWith(open)) {
                    int end = text.indexOf(quote, open.length());
                    return end < 0 ? "" : text.substring(open.length(), end).strip();
                }
            }
        }
        return "";
    }

    /**
     * The {@code #} header block of a shell file: the comment lines after the shebang, up to the first line
     * that does not start with {@code #}, without the {@code # } prefix.
     */
    static String shellHeader(String source) {
        List<String> lines = new ArrayList<>();
        boolean first = true;
        for (String line : source.split("\\R", -1)) {
            if (first && line.startsWith("#!")) {
                first = false;
                continue;
            }
            first = false;
            if (!line.startsWith("#")) {
                break;
            }
            String text = line.substring(1);
            lines.add(text.startsWith(" ") ? text.substring(1) : text);
        }
        return String.join("\n", lines).strip();
    }

    /**
     * The one-line description of a block: the first sentence of its {@code Description:} section (its lines up
     * to a blank line, a list item or the next section), else the block's first line.
     */
    static String description(String block) {
        String[] lines = block.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.regionMatches(true, 0, "Description:", 0, "Description:".length())) {
                continue;
            }
            StringBuilder text = new StringBuilder(line.substring("Description:".length()).strip());
            for (int j = i + 1; j < lines.length; j++) {
                String next = lines[j].strip();
                if (next.isEmpty() && text.length() == 0) {
                    continue;
                }
                if (next.isEmpty() || next.startsWith("-") || next.endsWith(":") && !lines[j].startsWith(" ")) {
                    break;
                }
                text.append(text.length() == 0 ? "" : " ").append(next);
            }
            return firstSentence(text.toString());
        }
        for (String line : lines) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }
}
