package dev.orchestrator.recipe.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Makes text from a recipe (or a file name) safe to print on one line of a terminal or a report: control
 * characters, line and paragraph separators, bidirectional overrides and lone surrogates become visible
 * escapes (a newline as backslash-n, ESC as backslash-u001b), so a recipe cannot move the cursor, colour
 * the terminal or forge a line of output such as "1 recipe valid". Stateless; every message with recipe-derived text goes through it.
 */
@API(status = INTERNAL)
public final class Printable {

    private Printable() {
    }

    /**
     * {@code text} with every unsafe character escaped; {@code null} stays {@code null}. A backslash is kept
     * as it is, so already printable text is returned unchanged.
     */
    public static String escape(String text) {
        if (text == null || isSafe(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (!unsafe(c)) {
                out.append(c);
            } else {
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out.toString();
    }

    private static boolean isSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1)))) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                i++; // a valid pair: its low half is checked with it
            }
        }
        return true;
    }

    /** C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates, any surrogate half. */
    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || c == 0xfeff || Character.isSurrogate(c);
    }
}
