package dev.orchestrator.secrets;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets recognised by their shape in free text, whatever their value: credentials inside URLs
 * ({@code https://user:pw@host}), {@code Authorization:} and {@code Cookie:} headers, {@code Bearer} tokens,
 * command-line pairs whose flag names a secret ({@code --password pw}, {@code --api-token=pw}) and
 * {@code key=value} / {@code "key": "value"} / {@code key: value} pairs whose key names one.
 */
final class TextRules {

    private static final Pattern URL_CREDENTIALS =
            Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@\"']*:)([^\\s@/\"']+)(@)");
    private static final Pattern HEADER =
            Pattern.compile("(?i)(\\b(?:proxy-)?authorization|\\b(?:set-)?cookie)(\\s*:\\s*)([^\\r\\n]+)");
    private static final Pattern BEARER = Pattern.compile("(?i)(\\b(?:bearer|basic)\\s+)([A-Za-z0-9._~+/=-]{4,})");
    private static final Pattern FLAG =
            Pattern.compile("(--?[A-Za-z][A-Za-z0-9_.-]*)(=|[ \\t]+)(\"[^\"]*\"|'[^']*'|[^\\s\"',\\]]+)");
    /**
     * {@code key=value}, {@code "key": value}, and a bare {@code key: value} that ends its line or list item
     * (so that prose such as {@code token: expected 2, found 1} keeps its words).
     */
    private static final Pattern PAIR = Pattern.compile(
            "([\"']?)([A-Za-z_][A-Za-z0-9_.-]*)\\1([ \\t]*[=:][ \\t]*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s,;&}\\]\"']+)"
                    + "([ \\t]*(?:$|[,;&}\\]\\r\\n]))?", Pattern.MULTILINE);

    /** A ctx-change line of the bridge, {@code {"op":"set","key":"api_token","value":…}}. */
    private static final Pattern CTX_CHANGE = Pattern.compile(
            "\"key\"\\s*:\\s*\"([^\"\\\\]+)\"\\s*,\\s*\"value\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)");

    private TextRules() {
    }

    static String apply(String text, Predicate<String> secretKey) {
        String out = replace(text, URL_CREDENTIALS, 2, m -> true);
        out = replace(out, HEADER, 3, m -> !m.group(3).startsWith(Masker.MASK));
        out = replace(out, BEARER, 2, m -> true);
        out = replace(out, CTX_CHANGE, 2, m -> secretKey.test(m.group(1)));
        out = replace(out, FLAG, 3, m -> secretKey.test(m.group(1).replaceFirst("^-+", ""))
                && !m.group(3).startsWith("-"));
        return replace(out, PAIR, 4, m -> secretKey.test(m.group(2))
                && (m.group(3).contains("=") || !m.group(1).isEmpty() || m.group(5) != null));
    }

    /** {@code text} with group {@code group} of every match that {@code when} accepts replaced by the mask. */
    private static String replace(String text, Pattern pattern, int group, Predicate<Matcher> when) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            String value = m.group(group);
            if (when.test(m) && !value.equals(Masker.MASK) && !isQuotedMask(value)) {
                boolean quoted = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'');
                out.append(text, last, m.start(group)).append(quoted ? value.charAt(0) + Masker.MASK + value.charAt(0)
                        : Masker.MASK);
                last = m.end(group);
            }
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }

    private static boolean isQuotedMask(String value) {
        return value.length() == Masker.MASK.length() + 2 && value.substring(1, value.length() - 1).equals(Masker.MASK);
    }
}
