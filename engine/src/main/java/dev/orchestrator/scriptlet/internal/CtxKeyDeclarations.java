package dev.orchestrator.scriptlet.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.ScriptletDoc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Reads the ctx keys a scriptlet declares it reads and writes (docs/contracts.md) without running it: from a
 * Java class's {@link ScriptletDoc#reads()} / {@link ScriptletDoc#writes()}, or from the {@code Reads:} and
 * {@code Writes:} blocks of a Python module's docstring or a shell script's header (the same place, and the same
 * layout, as the {@code Parameters:} block of {@link ParamDeclarations}). Stateless.
 */
@API(status = INTERNAL)
public final class CtxKeyDeclarations {

    /**
     * What a scriptlet declares.
     *
     * @param reads  the keys it reads; empty when it declares none
     * @param writes the keys it writes; empty when it declares none
     */
    public record Declared(Optional<List<String>> reads, Optional<List<String>> writes) {

        /** Nothing declared. */
        public static final Declared NONE = new Declared(Optional.empty(), Optional.empty());

        public Declared {
            reads = reads.map(List::copyOf);
            writes = writes.map(List::copyOf);
        }
    }

    private CtxKeyDeclarations() {
    }

    /** What {@code type}'s {@link ScriptletDoc} declares; an empty array declares nothing. */
    public static Declared ofClass(Class<?> type) {
        ScriptletDoc doc = type.getAnnotation(ScriptletDoc.class);
        if (doc == null) {
            return Declared.NONE;
        }
        return new Declared(checked("reads", Arrays.asList(doc.reads())), checked("writes", Arrays.asList(doc.writes())));
    }

    /** What a Python module's docstring declares. */
    public static Declared ofPython(String source) {
        return parseBlocks(ParamDeclarations.pythonDocstring(source));
    }

    /** What a shell script's header declares. */
    public static Declared ofShell(String source) {
        return parseBlocks(ParamDeclarations.shellHeader(source));
    }

    /**
     * The {@code Reads:} and {@code Writes:} blocks of a documentation text: each a line of its own, followed
     * by one key a line, indented deeper, optionally with a help text after {@code ": "}
     * ({@code metrics: the column statistics}); lines indented deeper still continue the help. A block ends at
     * a blank line or a line indented no deeper than its title. A block without entries declares nothing.
     *
     * @throws IllegalArgumentException a key that is not a storable ctx key, or one listed twice
     */
    public static Declared parseBlocks(String doc) {
        String[] lines = doc == null ? new String[0] : doc.split("\\R", -1);
        return new Declared(block(lines, "Reads:"), block(lines, "Writes:"));
    }

    private static Optional<List<String>> block(String[] lines, String title) {
        List<String> keys = new ArrayList<>();
        for (DocBlock.Entry e : DocBlock.entries(lines, title).orElse(List.of())) {
            String entry = e.first();
            int colon = entry.indexOf(": ");
            String key = colon >= 0 ? entry.substring(0, colon) : entry.endsWith(":")
                    ? entry.substring(0, entry.length() - 1) : entry;
            keys.add(key.strip());
        }
        return checked(title.substring(0, title.length() - 1).toLowerCase(java.util.Locale.ROOT), keys);
    }

    private static Optional<List<String>> checked(String what, List<String> keys) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key.isEmpty()) {
                throw new IllegalArgumentException(what + ": an empty ctx key");
            }
            if (keys.subList(0, i).contains(key)) {
                throw new IllegalArgumentException(what + ": ctx key '" + key + "' is listed twice");
            }
            try {
                Context.checkStorable(key, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage());
            }
        }
        return Optional.of(List.copyOf(keys));
    }
}
