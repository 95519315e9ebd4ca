package dev.orchestrator.execution.internal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a scriptlet process refused to run (exit code 2), in its own words: the reason it printed last, read
 * from the tail of its step log. The engine's own log lines (they start with {@code [HH:MM:SS.mmm]}) and
 * metrics lines are not the scriptlet's words and are passed over.
 *
 * <p>Preferred, newest first: an {@code ERROR} log line (shell {@code orch_die_usage}, Python's logger), then a
 * line the bridges print ({@code invalid parameters: …}, {@code bridge: …}, {@code error: …}), then the last
 * line the scriptlet printed at all.
 */
final class UsageReason {

    /** A reason longer than this is cut: it is the first line of a message, the log has the rest. */
    static final int MAX_CHARS = 500;

    private static final Pattern ENGINE_LINE = Pattern.compile("^\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}] ");
    private static final Pattern ERROR_LINE = Pattern.compile("\\bERROR:?\\s+(.+)$");
    private static final List<String> BRIDGE_PREFIXES = List.of("invalid parameters: ", "bridge: ", "error: ");

    private UsageReason() {
    }

    /**
     * @param tail the log's last lines as a failure message carries them (a {@code --- … ---} header line is
     *             skipped); may be empty
     * @return the scriptlet's reason on one line, if it gave one
     */
    static Optional<String> from(String tail) {
        List<String> said = tail.lines()
                .filter(line -> !line.isBlank())
                .filter(line -> !ENGINE_LINE.matcher(line).find())
                .filter(line -> !line.startsWith("--- ") && !line.startsWith("ORCH_METRICS ") && !line.startsWith("ctx "))
                .map(String::strip)
                .toList();
        Optional<String> reason = Optional.empty();
        for (int i = said.size() - 1; i >= 0 && reason.isEmpty(); i--) {
            Matcher error = ERROR_LINE.matcher(said.get(i));
            if (error.find()) {
                reason = Optional.of(error.group(1));
            }
        }
        for (int i = said.size() - 1; i >= 0 && reason.isEmpty(); i--) {
            String line = said.get(i);
            reason = BRIDGE_PREFIXES.stream().filter(line::startsWith).findFirst()
                    .map(prefix -> line.substring(prefix.length()));
        }
        if (reason.isEmpty() && !said.isEmpty()) {
            reason = Optional.of(said.get(said.size() - 1));
        }
        return reason.map(String::strip).filter(r -> !r.isEmpty())
                .map(r -> r.length() > MAX_CHARS ? r.substring(0, MAX_CHARS) + "…" : r);
    }
}
