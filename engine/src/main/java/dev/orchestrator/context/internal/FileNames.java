package dev.orchestrator.context.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A name chosen by users (a run id) made safe as one file name, the one rule every output named after it uses
 * (the Excel workbook, checkpoint journals, Allure's cleaning records): letters, digits, {@code _ . -} are kept,
 * anything else becomes {@code _}; so do leading dots, so the result is never empty, never
 * hidden, never {@code .} or {@code ..}, and at most {@link #MAX_LENGTH} characters.
 */
@API(status = INTERNAL)
public final class FileNames {

    /** The longest name returned, leaving room for a prefix and suffix within a file system's 255 bytes. */
    public static final int MAX_LENGTH = 200;

    private FileNames() {
    }

    /**
     * {@code name} as one safe file name; an id of letters, digits and {@code _ . -} not starting with a dot
     * (and not longer than {@link #MAX_LENGTH}) comes back unchanged.
     *
     * @param name any text; null is taken as empty
     * @return a non-empty name that neither starts with a dot nor contains a path separator
     */
    public static String safe(String name) {
        String cleaned = (name == null ? "" : name).replaceAll("[^A-Za-z0-9_.-]", "_");
        if (cleaned.length() > MAX_LENGTH) {
            cleaned = cleaned.substring(0, MAX_LENGTH);
        }
        if (cleaned.isEmpty()) {
            return "_";
        }
        // a leading dot would hide the file (and "." or ".." would name a folder)
        int dots = 0;
        while (dots < cleaned.length() && cleaned.charAt(dots) == '.') {
            dots++;
        }
        return "_".repeat(dots) + cleaned.substring(dots);
    }
}
