package dev.orchestrator.scriptlet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An indented block under a title line of a docstring or script header ({@code Parameters:}, {@code Reads:},
 * {@code Writes:}, docs/scriptlet-params.md): its entries, each a first line and the more-indented lines that go on
 * with it. The block ends at a blank line or a line indented no deeper than its title.
 */
final class DocBlock {

    /** One entry: its first line and its continuation lines, stripped. */
    record Entry(String first, List<String> more) {
    }

    private DocBlock() {
    }

    /** The entries of the first block titled {@code title}; empty when {@code lines} have no such block. */
    static Optional<List<Entry>> entries(String[] lines, String title) {
        int start = -1;
        for (int i = 0; i < lines.length && start < 0; i++) {
            if (lines[i].strip().equals(title)) {
                start = i;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        int base = indent(lines[start]);
        int entryIndent = -1;
        List<Entry> entries = new ArrayList<>();
        for (int i = start + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || indent(line) <= base) {
                break;
            }
            if (entryIndent < 0) {
                entryIndent = indent(line);
            }
            if (indent(line) > entryIndent) {
                entries.get(entries.size() - 1).more().add(line.strip());
            } else {
                entries.add(new Entry(line.strip(), new ArrayList<>()));
            }
        }
        return Optional.of(entries.stream().map(e -> new Entry(e.first(), List.copyOf(e.more()))).toList());
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
