package dev.orchestrator.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A scriptlet or recipe name in the spellings the workspace uses (docs/architecture.md): {@code count_rows} (Python, recipes),
 * {@code count-rows} (shell), {@code CountRows} (Java). Accepts any of them, or words separated by spaces.
 */
record Names(List<String> words) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9_\\- ]*");

    static Names of(String name) {
        String text = name == null ? "" : name.strip();
        if (!VALID.matcher(text).matches()) {
            throw new UsageException("invalid name '" + name + "': use letters, digits, '_' or '-', starting with a letter"
                    + " (for example count_rows, count-rows or CountRows)");
        }
        List<String> words = new ArrayList<>();
        // split on separators and on lower→upper case changes (CountRows → count, rows)
        for (String part : text.split("[_\\- ]+")) {
            for (String word : part.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
                if (!word.isEmpty()) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
        return new Names(List.copyOf(words));
    }

    String snake() {
        return String.join("_", words);
    }

    String kebab() {
        return String.join("-", words);
    }

    String pascal() {
        StringBuilder text = new StringBuilder();
        for (String word : words) {
            text.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return text.toString();
    }
}
