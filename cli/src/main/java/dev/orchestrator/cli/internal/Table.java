package dev.orchestrator.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, sized to its content. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], i < row.size() ? row.get(i).length() : 0);
            }
        }
        line(out, header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths);
        rows.forEach(row -> line(out, row, widths));
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            text.append(i == widths.length - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
        }
        out.println(text.toString().stripTrailing());
    }

    /**
     * The first line of {@code text}, cut to {@code max} characters with an ellipsis. A first line ending in a
     * colon (a heading such as "ctx does not match (1 mismatch):") takes the next line along, which says what.
     */
    static String firstLine(String text, int max) {
        if (text == null) {
            return "";
        }
        java.util.List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        String line = lines.isEmpty() ? "" : lines.get(0).strip();
        if (line.endsWith(":") && lines.size() > 1) {
            line = line + " " + lines.get(1).strip();
        }
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
