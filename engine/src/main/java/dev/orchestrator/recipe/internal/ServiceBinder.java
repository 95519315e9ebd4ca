package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepService;
import dev.orchestrator.recipe.StepType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Binds a step's {@code service:} key (docs/services.md): {@code true}, {@code false}, or a mapping of
 * {@code ready}, {@code ready_timeout} and {@code stop_timeout}; and checks that the step can be a service (a
 * process step, no {@code retries} or {@code timeout} of its own). Problems go to {@link Problems} with the
 * position of the value at fault. Stateless apart from the problems it reports to.
 */
final class ServiceBinder {

    static final String READY = "ready";
    static final String READY_TIMEOUT = "ready_timeout";
    static final String STOP_TIMEOUT = "stop_timeout";
    static final List<String> SERVICE_KEYS = List.of(READY, READY_TIMEOUT, STOP_TIMEOUT);
    static final List<String> READY_KINDS = List.of("port", "http", "log");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private final Problems problems;

    ServiceBinder(Problems problems) {
        this.problems = problems;
    }

    /** The service of a step whose {@code service} key holds {@code node}; empty (and reported) when malformed. */
    Optional<StepService> bind(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isBoolean()) {
            return Optional.of(scalar.value().booleanValue() ? StepService.started() : StepService.NONE);
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            return Values.wrong(node, "true, false or a mapping of ready, ready_timeout and stop_timeout",
                    StepKeys.SERVICE, problems);
        }
        int before = problems.count();
        StepService.Ready ready = null;
        Duration readyTimeout = null;
        Duration stopTimeout = null;
        for (YamlNode.Entry e : mapping.entries()) {
            switch (e.key()) {
                case READY -> ready = ready(e.value()).orElse(null);
                case READY_TIMEOUT -> readyTimeout = Values.duration(e.value(), "service." + READY_TIMEOUT,
                        Duration.ofMillis(1), problems).orElse(null);
                case STOP_TIMEOUT -> stopTimeout = Values.duration(e.value(), "service." + STOP_TIMEOUT,
                        Duration.ZERO, problems).orElse(null);
                default -> problems.add(e.keyPosition(), "unknown key '" + Values.clip(e.key()) + "' in service"
                        + Suggestions.hint(e.key(), SERVICE_KEYS, "keys"));
            }
        }
        return problems.count() == before
                ? Optional.of(new StepService(true, ready, readyTimeout, stopTimeout)) : Optional.empty();
    }

    /** {@code ready}: a mapping with exactly one of {@code port}, {@code http} (with {@code status}) or {@code log}. */
    private Optional<StepService.Ready> ready(YamlNode node) {
        Optional<YamlNode.Mapping> mapping = Values.mapping(node, "service." + READY, problems);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        List<YamlNode.Entry> kinds = mapping.get().entries().stream()
                .filter(e -> READY_KINDS.contains(e.key())).toList();
        for (YamlNode.Entry e : mapping.get().entries()) {
            boolean known = READY_KINDS.contains(e.key()) || e.key().equals("status");
            if (!known) {
                problems.add(e.keyPosition(), "unknown ready check '" + Values.clip(e.key()) + "'; expected one of "
                        + String.join(", ", READY_KINDS) + Suggestions.nearest(e.key().toLowerCase(Locale.ROOT),
                                READY_KINDS).map(n -> " (did you mean '" + n + "'?)").orElse(""));
                return Optional.empty();
            }
        }
        if (kinds.size() != 1) {
            problems.add(node.position(), "expected exactly one ready check (port, http or log) in service.ready, found "
                    + (kinds.isEmpty() ? "none" : String.join(" and ", kinds.stream().map(YamlNode.Entry::key).toList())));
            return Optional.empty();
        }
        YamlNode.Entry kind = kinds.get(0);
        Optional<YamlNode.Entry> status = mapping.get().entry("status");
        if (status.isPresent() && !kind.key().equals("http")) {
            problems.add(status.get().keyPosition(), "'status' belongs to an http ready check, not to " + kind.key());
            return Optional.empty();
        }
        return switch (kind.key()) {
            case "port" -> Values.integer(kind.value(), "service.ready.port", 1, 65_535, problems)
                    .map(StepService.Ready.Port::new);
            case "http" -> http(kind.value(), status.map(YamlNode.Entry::value).orElse(null));
            default -> Values.string(kind.value(), "service.ready.log", problems).flatMap(regex -> regex(regex, kind.value()));
        };
    }

    private Optional<StepService.Ready> http(YamlNode urlNode, YamlNode statusNode) {
        Optional<String> text = Values.string(urlNode, "service.ready.http", problems);
        Integer status = statusNode == null ? null
                : Values.integer(statusNode, "service.ready.status", 100, 599, problems).orElse(null);
        if (text.isEmpty() || (statusNode != null && status == null)) {
            return Optional.empty();
        }
        try {
            URI url = new URI(text.get());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                problems.add(urlNode.position(), "expected an http:// or https:// URL with a host for 'service.ready.http',"
                        + " found '" + Values.clip(text.get()) + "'");
                return Optional.empty();
            }
            if (!LOOPBACK.contains(url.getHost().toLowerCase(Locale.ROOT))) {
                problems.add(urlNode.position(), "expected a URL on this machine (127.0.0.1, localhost or [::1]) for"
                        + " 'service.ready.http', found host '" + Values.clip(url.getHost()) + "': a service step's"
                        + " readiness is checked on the machine that runs it");
                return Optional.empty();
            }
            return Optional.of(new StepService.Ready.Http(url, status));
        } catch (URISyntaxException e) {
            problems.add(urlNode.position(), "expected a URL for 'service.ready.http', found '" + Values.clip(text.get())
                    + "' (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    private Optional<StepService.Ready> regex(String regex, YamlNode node) {
        try {
            return Optional.of(new StepService.Ready.Log(Pattern.compile(regex)));
        } catch (PatternSyntaxException e) {
            problems.add(node.position(), "expected a regular expression for 'service.ready.log', found '"
                    + Values.clip(regex) + "' (" + e.getDescription() + ")");
            return Optional.empty();
        }
    }

    /**
     * Whether the step can be a service, and its limits as a service: it must run as a process (shell, python,
     * or java with {@code requires_process: true}); {@code retries} and {@code timeout} written on the step itself
     * are refused (a service starts once and lives as long as the steps that need it), and the values the
     * recipe's {@code defaults} give it are not applied.
     */
    Step.Limits check(YamlNode.Mapping step, StepType type, Step.Limits limits, String label) {
        Position at = step.entry(StepKeys.SERVICE).map(YamlNode.Entry::keyPosition).orElse(step.position());
        if (type == StepType.JAVA && !limits.requiresProcess()) {
            problems.add(at, "service: " + label + " runs in the engine's JVM; a service must be a process (a shell or"
                    + " python step, or a java step with requires_process: true)");
        }
        step.entry(StepKeys.RETRIES).ifPresent(e -> problems.add(e.keyPosition(), "retries on service " + label
                + ": a service starts once (remove retries; service.ready_timeout bounds its start)"));
        step.entry(StepKeys.TIMEOUT).ifPresent(e -> problems.add(e.keyPosition(), "timeout on service " + label
                + ": a service runs as long as the steps that need it; use service.ready_timeout to bound its start"));
        return new Step.Limits(null, 0, Duration.ZERO, limits.requiresProcess(), limits.threadSafe(), limits.resources());
    }
}
