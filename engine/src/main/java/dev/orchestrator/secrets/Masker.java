package dev.orchestrator.secrets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The one place that hides secrets from everything a run writes or prints: step logs (the command line
 * included), the runner log, failure messages, JUnit report entries, the CLI, Allure results, the workbook
 * and the run database. One per launch, shared by every recipe and thread.
 *
 * <p>A secret is recognised in two ways:
 * <ul>
 *   <li><b>by key</b>: the value of a key (at any depth of ctx, params, args or env) whose name looks secret
 *   ({@link #isSecretKey}: the default name rule, or a name declared with {@link #declare}, i.e. a recipe's
 *   {@code secrets:} list) is shown as {@link #MASK} in structured output (parameters, ctx diffs, ctx
 *   values);</li>
 *   <li><b>by value</b>: every string value found under such a key, the value of every environment variable
 *   {@code ORCH_SECRET_*}, and every password inside a URL becomes a <em>known</em> value; known values are
 *   replaced wherever they appear in free text, also inside longer words, longest first. Values shorter
 *   than {@link #MIN_VALUE_LENGTH} characters, and non-string values (numbers, booleans), are not learned:
 *   masking every "1" or "true" in every log would hide everything else.</li>
 * </ul>
 * On top, {@link #mask(String)} recognises secrets by their shape whatever their value (see
 * {@link TextRules}): URL credentials, {@code Authorization}/{@code Cookie} headers, {@code Bearer} tokens,
 * {@code --password value} and {@code password=value} pairs.
 *
 * <p>Thread-safe. Learning is cheap and idempotent; masking text costs one pass per known value.
 */
@API(status = EXPERIMENTAL)
public final class Masker {

    /** What a secret is replaced with. */
    public static final String MASK = "******";
    /** Known values shorter than this are not masked by value. */
    public static final int MIN_VALUE_LENGTH = 4;
    /** Environment variables whose values are secrets wherever they appear. */
    public static final String ENV_PREFIX = "ORCH_SECRET_";

    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://[^\\s:/@\"']*+:([^\\s@/\"']++)@");

    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final Set<String> known = new HashSet<>(); // guarded by this
    private volatile List<String> longestFirst = List.of();
    /** Counts what was learned or declared: text masked at one count is masked alike while it stays. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    private Masker() {
    }

    /** A masker that knows the default key rule and nothing else yet. */
    public static Masker create() {
        return new Masker();
    }

    /** A masker that also knows the values of the {@code ORCH_SECRET_*} variables of {@code environment}. */
    public static Masker create(Map<String, String> environment) {
        Masker masker = new Masker();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                masker.learnValue(value);
            }
        });
        return masker;
    }

    /** Declares more names of secrets (a recipe's {@code secrets:}); compared without regard to case. */
    public void declare(Collection<String> keys) {
        keys.forEach(k -> {
            if (declared.add(k.toLowerCase(Locale.ROOT))) {
                generation.incrementAndGet();
            }
        });
    }

    /**
     * A number that changes whenever this masker learns a value or a declared name: text masked while it stayed
     * the same needs no masking again (a step's log whose lines were all masked as written, for one).
     */
    public long generation() {
        return generation.get();
    }

    /** Whether the value of {@code key} is a secret: the default name rule, or a declared name. */
    public boolean isSecretKey(String key) {
        return key != null && (SecretKeys.matches(key) || declared.contains(key.toLowerCase(Locale.ROOT)));
    }

    /** Learns {@code value} as a secret to mask wherever it appears (ignored when shorter than 4 characters). */
    public void learnValue(String value) {
        if (value == null || value.length() < MIN_VALUE_LENGTH || value.equals(MASK)) {
            return;
        }
        List<String> forms = new ArrayList<>(3);
        forms.add(value);
        // the same value as JSON and URLs carry it (logs, ctx files and diffs quote values)
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        synchronized (this) {
            if (known.addAll(forms)) {
                List<String> sorted = new ArrayList<>(known);
                sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
                longestFirst = List.copyOf(sorted);
                generation.incrementAndGet();
            }
        }
    }

    /** Learns the secrets held by {@code value} when it is stored under {@code key} (null key: top level). */
    public void learn(String key, JsonNode value) {
        if (value == null) {
            return;
        }
        if (isSecretKey(key)) {
            learnAll(value);
            return;
        }
        if (value.isTextual()) {
            learnUrlPasswords(value.asText());
        } else if (value.isContainerNode()) {
            value.properties().forEach(e -> learn(e.getKey(), e.getValue()));
            if (value.isArray()) {
                value.forEach(item -> learn(null, item));
            }
        }
    }

    /** Learns the secrets of environment variables: those whose name is secret, or starts with {@code ORCH_SECRET_}. */
    public void learnEnvironment(Map<String, String> environment) {
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) || isSecretKey(name)) {
                learnValue(value);
            } else {
                learnUrlPasswords(value);
            }
        });
    }

    private void learnAll(JsonNode value) {
        if (value.isTextual()) {
            learnValue(value.asText());
        } else if (value.isContainerNode()) {
            value.forEach(this::learnAll);
        }
    }

    private void learnUrlPasswords(String text) {
        if (text == null || text.indexOf("://") < 0) {
            return;
        }
        Matcher m = URL_PASSWORD.matcher(text);
        while (m.find()) {
            learnValue(m.group(1));
        }
    }

    /** {@code text} with every known secret value and every secret-shaped part replaced by {@link #MASK}. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : longestFirst) {
            if (out.contains(value)) {
                out = out.replace(value, MASK);
            }
        }
        return TextRules.apply(out, this::isSecretKey, declared);
    }

    /**
     * Masks a text file in place ({@link #mask(String)} on its contents), for text that reached it without
     * passing through this masker, e.g. a child process's stderr. Rewrites the file only when something is
     * masked.
     *
     * @return whether the file changed
     */
    public boolean maskFile(java.nio.file.Path file) throws java.io.IOException {
        return MaskedFile.mask(file, this::mask);
    }

    /** Each argument masked; the one after a flag that names a secret ({@code --password pw}) hidden whole. */
    public List<String> maskArgv(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        boolean hideNext = false;
        for (String arg : argv) {
            if (hideNext && !arg.startsWith("--")) {
                out.add(MASK);
                hideNext = false;
                continue;
            }
            hideNext = false;
            if (arg.startsWith("-") && arg.length() > 1) {
                String flag = arg.replaceFirst("^-+", "");
                int equals = flag.indexOf('=');
                if (equals > 0 && isSecretKey(flag.substring(0, equals))) {
                    out.add(arg.substring(0, arg.indexOf('=') + 1) + MASK);
                    continue;
                }
                hideNext = equals < 0 && isSecretKey(flag);
            }
            out.add(mask(arg));
        }
        return out;
    }

    /** {@code value} as shown under {@code key}: {@link #MASK} when the key is secret, else {@link #mask(JsonNode)}. */
    public JsonNode mask(String key, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return value;
        }
        return isSecretKey(key) ? TextNode.valueOf(MASK) : mask(value);
    }

    /** A copy of {@code value}: secret keys' values at any depth replaced by {@link #MASK}, strings masked as text. */
    public JsonNode mask(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isObject()) {
            ObjectNode copy = ((ObjectNode) value).objectNode();
            value.properties().forEach(e -> copy.set(e.getKey(), isSecretKey(e.getKey()) && !e.getValue().isNull()
                    ? TextNode.valueOf(MASK) : mask(e.getValue())));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = ((ArrayNode) value).arrayNode();
            value.forEach(item -> copy.add(mask(item)));
            return copy;
        }
        if (value.isTextual()) {
            String masked = mask(value.asText());
            return masked.equals(value.asText()) ? value : TextNode.valueOf(masked);
        }
        return value;
    }

    /**
     * {@code failure} when no message of it (its causes and suppressed included) holds a secret; else a copy
     * with every message masked and the same stack traces. The copy keeps the class when it has a public
     * {@code (String)} constructor (so a failed assertion stays an {@link AssertionError}); else it is a
     * {@link MaskedFailure} naming the original class.
     */
    public Throwable mask(Throwable failure) {
        return mask(failure, Integer.MAX_VALUE);
    }

    /**
     * As {@link #mask(Throwable)}, and every message longer than {@code maxMessageChars} is cut to its first
     * quarter and its end with a notice of how much was cut, so no sink (JUnit, reports, the database) has to
     * hold a message of unbounded size.
     */
    public Throwable mask(Throwable failure, int maxMessageChars) {
        if (failure == null || !needsCopy(failure, maxMessageChars, new IdentityHashMap<>())) {
            return failure;
        }
        return copy(failure, maxMessageChars, new IdentityHashMap<>());
    }

    /** {@code message} within {@code max} characters: its first quarter, a notice, then its end. */
    public static String bound(String message, int max) {
        if (message == null || message.length() <= max) {
            return message;
        }
        int head = max / 4;
        int tail = max - head;
        return message.substring(0, head) + "\n[... " + (message.length() - head - tail) + " characters cut ...]\n"
                + message.substring(message.length() - tail);
    }

    private boolean needsCopy(Throwable t, int max, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        String message = t.getMessage();
        if (message != null && (message.length() > max || !mask(message).equals(message))) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (needsCopy(suppressed, max, seen)) {
                return true;
            }
        }
        return needsCopy(t.getCause(), max, seen);
    }

    private Throwable copy(Throwable t, int max, Map<Throwable, Throwable> copies) {
        Throwable done = copies.get(t);
        if (done != null) {
            return done;
        }
        String message = bound(mask(t.getMessage()), max);
        Throwable cause = t.getCause() == null || t.getCause() == t ? null : copy(t.getCause(), max, copies);
        Throwable copy = sameKind(t, message);
        copies.put(t, copy);
        if (cause != null) {
            try {
                copy.initCause(cause);
            } catch (IllegalStateException | IllegalArgumentException alreadySet) {
                // the constructor set a cause of its own; the masked message is what matters
            }
        }
        copy.setStackTrace(t.getStackTrace());
        for (Throwable suppressed : t.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, max, copies));
        }
        return copy;
    }

    private static Throwable sameKind(Throwable t, String message) {
        if (t.getClass() == AssertionError.class) {
            return message == null ? new AssertionError() : new AssertionError(message);
        }
        try {
            return t.getClass().getConstructor(String.class).newInstance(message);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError noSuchConstructor) {
            return t instanceof AssertionError ? new AssertionError(message)
                    : new MaskedFailure(t.getClass().getName(), message);
        }
    }
}
