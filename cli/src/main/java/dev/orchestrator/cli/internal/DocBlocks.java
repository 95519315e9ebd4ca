package dev.orchestrator.cli.internal;

import dev.orchestrator.scriptlet.internal.ParamDeclarations;

/**
 * Reads the documentation blocks of Python and shell scriptlets (the seed's layout: sections Name,
 * Description, Usage, Arguments, Examples (CLI), Limitations/Requirements).
 */
final class DocBlocks {

    private DocBlocks() {
    }

    /** The module docstring a Python file starts with, dedented; empty when none. */
    static String pythonDocstring(String source) {
        return ParamDeclarations.pythonDocstring(source);
    }

    /** The {@code #} header block of a shell file, without the {@code # } prefix. */
    static String shellHeader(String source) {
        return ParamDeclarations.shellHeader(source);
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
