package dev.orchestrator.secrets;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
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

    // Every pattern is linear in the text: a key or scheme starts only where a word starts (look-behind), and
    // quantifiers are possessive, so a 200 000-character word costs one scan, not one per position.
    private static final String QUOTED = "\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"";
    private static final Pattern URL_CREDENTIALS = Pattern.compile(
            "(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*+://[^\\s:/@\"']*+:)([^\\s@/\"']++)(@)");
    private static final Pattern HEADER =
            Pattern.compile("(?i)(\\b(?:proxy-)?authorization|\\b(?:set-)?cookie)([ \\t]*+:[ \\t]*+)([^\\r\\n]++)");
    private static final Pattern BEARER = Pattern.compile("(?i)(\\b(?:bearer|basic)[ \\t]++)([A-Za-z0-9._~+/=-]{4,})");
    private static final Pattern FLAG = Pattern.compile(
            "(?<![A-Za-z0-9_.-])(--?[A-Za-z][A-Za-z0-9_.-]*+)(=|[ \\t]++)(\"[^\"]*+\"|'[^']*+'|[^\\s\"',\\]]++)");
    /**
     * {@code key=value}, {@code "key": value}, and a bare {@code key: value} that ends its line or list item
     * (so that prose such as {@code token: expected 2, found 1} keeps its words).
     */
    private static final Pattern PAIR = Pattern.compile(
            "([\"']?)(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*+)\\1([ \\t]*+[=:][ \\t]*+)(" + QUOTED
                    + "|'[^']*+'|[^\\s,;&}\\]\"']++)([ \\t]*+(?:$|[,;&}\\]\\r\\n]))?", Pattern.MULTILINE);

    /** A ctx-change line of the bridge, {@code {"op":"set","key":"api_token","value":…}}. */
    private static final Pattern CTX_CHANGE = Pattern.compile(
            "\"key\"[ \\t]*+:[ \\t]*+\"([^\"\\\\]++)\"[ \\t]*+,[ \\t]*+\"value\"[ \\t]*+:[ \\t]*+(" + QUOTED
                    + "|[^,}\\]\\s]++)");

    private TextRules() {
    }

    /**
     * Lower-case words without which no key rule can match: every secret name of {@link SecretKeys} holds one
     * of them (and {@code basic} starts a {@code Basic} token). A line holding none of them, nor a declared
     * name, nor {@code ://}, is left alone without running a pattern: most log lines are such lines.
     */
    private static final List<String> STEMS = List.of("pass", "pwd", "secret", "token", "credential", "bearer",
            "basic", "cookie", "auth", "session", "key");

    /** {@code text} with every secret-shaped part masked, line by line (every rule stays within a line). */
    static String apply(String text, Predicate<String> secretKey, Collection<String> declared) {
        if (text.indexOf('\n') < 0) {
            return line(text, secretKey, declared);
        }
        StringBuilder out = null;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            String line = text.substring(start, end);
            String masked = line(line, secretKey, declared);
            if (out == null && !masked.equals(line)) {
                out = new StringBuilder(text.length()).append(text, 0, start);
            }
            if (out != null) {
                out.append(masked);
            }
            start = end;
        }
        return out == null ? text : out.toString();
    }

    private static String line(String text, Predicate<String> secretKey, Collection<String> declared) {
        String out = text;
        if (text.contains("://")) {
            out = replace(out, URL_CREDENTIALS, 2, m -> true);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!containsAny(lower, STEMS) && !containsAny(lower, declared)) {
            return out;
        }
        out = replace(out, HEADER, 3, m -> !m.group(3).startsWith(Masker.MASK));
        out = replace(out, BEARER, 2, m -> true);
        if (text.contains("\"key\"")) {
            out = replace(out, CTX_CHANGE, 2, m -> secretKey.test(m.group(1)));
        }
        if (text.indexOf('-') >= 0) {
            out = replace(out, FLAG, 3, m -> secretKey.test(m.group(1).replaceFirst("^-+", ""))
                    && !m.group(3).startsWith("-"));
        }
        if (text.indexOf(':') >= 0 || text.indexOf('=') >= 0) {
            out = replace(out, PAIR, 4, m -> secretKey.test(m.group(2))
                    && (m.group(3).contains("=") || !m.group(1).isEmpty() || m.group(5) != null));
        }
        return out;
    }

    /** Whether {@code text} holds one of {@code words}; a loop, as this runs for every line a run logs. */
    private static boolean containsAny(String text, Collection<String> words) {
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
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
