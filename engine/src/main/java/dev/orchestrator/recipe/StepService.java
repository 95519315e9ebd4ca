package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A step's {@code service:} key: whether its process keeps running, once ready, while the steps that depend on it
 * (directly or through other steps) run; how readiness is told; how long starting and stopping may take
 * (docs/services.md).
 *
 * @param enabled      whether the step is a service
 * @param ready        what makes the service ready; {@link Ready.Started} when {@code ready} is absent
 * @param readyTimeout the longest the service may take to become ready; positive
 * @param stopTimeout  how long a stopped service has between SIGTERM and the kill of its process tree
 */
@API(status = EXPERIMENTAL)
public record StepService(boolean enabled, Ready ready, Duration readyTimeout, Duration stopTimeout) {

    /** The ready timeout when {@code ready_timeout} is absent. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);
    /** The stop timeout when {@code stop_timeout} is absent. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Not a service: what a step without {@code service:} gets. */
    public static final StepService NONE = new StepService(false, new Ready.Started(), DEFAULT_READY_TIMEOUT,
            DEFAULT_STOP_TIMEOUT);

    public StepService {
        ready = ready != null ? ready : new Ready.Started();
        readyTimeout = readyTimeout != null ? readyTimeout : DEFAULT_READY_TIMEOUT;
        stopTimeout = stopTimeout != null ? stopTimeout : DEFAULT_STOP_TIMEOUT;
    }

    /** {@code service: true}: ready once started, default timeouts. */
    public static StepService started() {
        return new StepService(true, new Ready.Started(), DEFAULT_READY_TIMEOUT, DEFAULT_STOP_TIMEOUT);
    }

    /** What tells that a service is ready. */
    public sealed interface Ready {

        /** For messages and logs: {@code http http://127.0.0.1:8000/ answers 200}. */
        String describe();

        /** No check: ready as soon as its process has started. */
        record Started() implements Ready {
            @Override
            public String describe() {
                return "its process has started";
            }
        }

        /** A TCP connection to {@code 127.0.0.1:port} is accepted. */
        record Port(int port) implements Ready {
            @Override
            public String describe() {
                return "127.0.0.1:" + port + " accepts a TCP connection";
            }
        }

        /**
         * A GET of {@code url} (on this machine) answers {@code status}, or any 2xx status when {@code status} is
         * null.
         */
        record Http(URI url, Integer status) implements Ready {
            public Http {
                Objects.requireNonNull(url, "url");
            }

            @Override
            public String describe() {
                return "GET " + url + " answers " + (status == null ? "2xx" : status);
            }
        }

        /** A line the process writes (stdout or stderr) matches {@code regex} (found anywhere in the line). */
        record Log(Pattern regex) implements Ready {
            public Log {
                Objects.requireNonNull(regex, "regex");
            }

            @Override
            public String describe() {
                return "a line of its output matches /" + regex.pattern() + "/";
            }
        }
    }
}
