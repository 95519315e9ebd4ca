package dev.orchestrator.bench;

import java.util.List;
import java.util.Locale;

/** Renders rows as a Markdown table. */
final class Table {

    private Table() {
    }

    static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| # | measured | median (min, n) | baseline (same run) | baseline median (min, n) | ratio | target | met |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.bench())
                    .append(" | ").append(row.subject())
                    .append(" | ").append(row.value().describe())
                    .append(" | ").append(row.baseline())
                    .append(" | ").append(row.reference().describe())
                    .append(" | ").append(number(row.ratio())).append("×")
                    .append(" | ").append(row.target())
                    .append(" | ").append(row.met() == null ? "—" : row.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Three significant digits, no exponent: 0.0123, 1.23, 12.3, 123, 12345. */
    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 100 || a == 0) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
