package dev.orchestrator.execution.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How a process step is launched so that nothing it starts outlives it, decided once per JVM by trying the
 * launch on this machine.
 *
 * <ul>
 *   <li>{@link Mode#NAMESPACE}: {@code setpriv --pdeathsig KILL unshare [--user --map-current-user] --pid
 *       --fork --kill-child --mount-proc -- /bin/sh -c '… "$@"; s=$?; times …; exit $s' sh <command>}. The step runs in its own
 *       PID namespace whose PID 1 is that {@code sh}: when the step ends (normally, by a failure, or killed on
 *       timeout) {@code sh} exits with its code and the kernel kills every process left in the namespace,
 *       including those that {@code setsid} or double-fork away; when the JVM dies (even by kill -9),
 *       {@code unshare} receives SIGKILL (parent-death signal set by {@code setpriv}), and with it the
 *       namespace's PID 1, and with that the whole namespace. The step is not PID 1 itself because PID 1
 *       ignores signals it has no handler for: a step could not {@code kill $$} itself.</li>
 *   <li>{@link Mode#MARKER}: the command as it is (under {@code setpriv --pdeathsig KILL} when that exists).
 *       Every process of the step inherits {@code ORCH_PROCESS_TAG}; after the step, on timeout and at JVM
 *       shutdown the processes carrying the step's tag are found in {@code /proc} and killed; processes of a
 *       JVM killed by kill -9 are killed by the next JVM's first process step. A process that clears its
 *       environment escapes.</li>
 * </ul>
 */
final class Containment {

    /** Which guarantee holds. */
    enum Mode { NAMESPACE, MARKER }

    /** The variable every process of a step inherits: {@code <owner>/<sequence>}. */
    static final String TAG_VARIABLE = "ORCH_PROCESS_TAG";

    private static final Path PROC = Path.of("/proc");
    /**
     * The variable naming the file where PID 1 of the namespace writes, after the step, the output of
     * {@code times}: the user and system CPU time of the step and of every process it waited for. Removed
     * from the step's own environment.
     */
    static final String TIMES_VARIABLE = "ORCH_TIMES_FILE";

    /**
     * PID 1 of the namespace: runs the step as its child, writes {@code times} to {@code $ORCH_TIMES_FILE} when
     * set (the step's CPU time without sampling {@code /proc}), and exits with the step's code.
     */
    private static final List<String> INIT = List.of("/bin/sh", "-c",
            "t=${" + TIMES_VARIABLE + ":-}; unset " + TIMES_VARIABLE + "; \"$@\"; s=$?; "
                    + "if [ -n \"$t\" ]; then times >\"$t\" 2>/dev/null || :; fi; exit $s", "sh");
    private static volatile Containment detected;

    private final Mode mode;
    private final List<String> prefix;
    private final String reason;

    Containment(Mode mode, List<String> prefix, String reason) {
        this.mode = mode;
        this.prefix = List.copyOf(prefix);
        this.reason = reason;
    }

    /** The containment this machine allows, probed on first use (one or two short launches) and cached. */
    static Containment detected() {
        Containment c = detected;
        if (c == null) {
            synchronized (Containment.class) {
                c = detected;
                if (c == null) {
                    c = probe();
                    detected = c;
                }
            }
        }
        return c;
    }

    Mode mode() {
        return mode;
    }

    /** Why a weaker guarantee holds than the full one (null when the full one holds). */
    String reason() {
        return reason;
    }

    /** The command to start for {@code command}: the wrapper (if any) followed by the command. */
    List<String> wrap(List<String> command) {
        if (prefix.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(prefix.size() + command.size());
        wrapped.addAll(prefix);
        wrapped.addAll(command);
        return wrapped;
    }

    /** Whether the launch reports the step's CPU time through {@link #TIMES_VARIABLE} (in a PID namespace). */
    boolean reportsTimes() {
        return mode == Mode.NAMESPACE && prefix.contains(INIT.get(2));
    }

    /**
     * How many wrapper processes stand between the JVM and the step's main process ({@code unshare}, then the
     * namespace's {@code sh}); their figures are not the step's.
     */
    int wrapperProcesses() {
        return mode == Mode.NAMESPACE ? 2 : 0;
    }

    private static Containment probe() {
        if (!Files.isDirectory(PROC.resolve("self"))) {
            return new Containment(Mode.MARKER, List.of(), "no /proc: not Linux");
        }
        if ("off".equals(System.getenv("ORCH_CONTAINMENT"))) {
            return new Containment(Mode.MARKER, pdeathsig(), "ORCH_CONTAINMENT=off");
        }
        List<String> pdeath = pdeathsig();
        String last = "unshare not found";
        // without a user namespace first: it works where we may create PID namespaces (root), and it keeps the
        // step's user id as it is; a user namespace maps the current user to itself (util-linux 2.38+)
        for (List<String> unshare : List.of(
                List.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "--"),
                List.of("unshare", "--user", "--map-current-user", "--pid", "--fork", "--kill-child",
                        "--mount-proc", "--"))) {
            List<String> prefix = new ArrayList<>(pdeath);
            prefix.addAll(unshare);
            prefix.addAll(INIT);
            Optional<String> problem = tryLaunch(prefix);
            if (problem.isEmpty()) {
                // without setpriv the namespace still dies with its step; only kill -9 of the JVM leaves it
                // running until the step ends
                return new Containment(Mode.NAMESPACE, prefix, pdeath.isEmpty()
                        ? "setpriv --pdeathsig unavailable: after kill -9 of the JVM a step runs on until it ends"
                        : null);
            }
            last = problem.get();
        }
        return new Containment(Mode.MARKER, pdeath, "no PID namespace (" + last + ")");
    }

    /** {@code setpriv --pdeathsig KILL --} when it works here, else nothing. */
    private static List<String> pdeathsig() {
        List<String> setpriv = List.of("setpriv", "--pdeathsig", "KILL", "--");
        return tryLaunch(setpriv).isEmpty() ? setpriv : List.of();
    }

    /** Runs {@code prefix sh -c 'echo $$'}; empty when it ran (in a namespace it prints 2), else the problem. */
    private static Optional<String> tryLaunch(List<String> prefix) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("/bin/sh", "-c", "echo $$"));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("a test launch did not end");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            boolean namespaced = prefix.contains("unshare");
            if (p.exitValue() == 0 && (!namespaced || text.equals("2"))) {
                return Optional.empty();
            }
            return Optional.of(text.isEmpty() ? "exit code " + p.exitValue() : text.lines().findFirst().orElse(text));
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
