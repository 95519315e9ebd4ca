package dev.orchestrator.execution.internal;

import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.event.internal.Publisher;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.internal.Plan;
import dev.orchestrator.event.StepStatus;
import dev.orchestrator.schedule.internal.StepTask;
import dev.orchestrator.secrets.Masker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services of one recipe run (docs/services.md). A service is needed by every step that depends on it
 * directly or through other steps; of those, the ones that take part in the run are waited for. Once each of
 * them has ended (run, failed or skipped), the service is stopped; whatever is left when the recipe ends is
 * stopped then ({@link #close}). A step that needs a service which exited on its own fails: before it starts
 * ({@link #unavailable}) or when it ends ({@link #settle}). Stops run on their own threads, so a slow
 * {@code stop_timeout} holds no step's slot; {@link #close} waits for them all. Thread-safe.
 */
final class ServiceSteps implements AutoCloseable {

    private final Recipe recipe;
    private final Publisher<RunEvent> events;
    private final Masker masker;
    /** Step name → the services it needs, nearest first. */
    private final Map<String, Set<String>> needs = new HashMap<>();
    /** Service name → the steps taking part in the run that need it and have not ended yet. */
    private final Map<String, Set<String>> waiting = new HashMap<>();
    private final Map<String, RunningService> running = new LinkedHashMap<>();
    private final List<Thread> stops = new ArrayList<>();

    ServiceSteps(Plan plan, Publisher<RunEvent> events, Masker masker) {
        this.recipe = plan.recipe();
        this.events = events;
        this.masker = masker;
        Map<String, List<Step>> dependents = new HashMap<>();
        for (Step step : plan.order()) {
            step.scheduling().dependsOn().forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(step));
        }
        for (Step service : plan.order()) {
            if (!service.service().enabled()) {
                continue;
            }
            Set<String> needing = new LinkedHashSet<>();
            Deque<Step> work = new ArrayDeque<>(List.of(service));
            while (!work.isEmpty()) {
                for (Step dependent : dependents.getOrDefault(work.poll().name(), List.of())) {
                    if (!dependent.name().equals(service.name()) && needing.add(dependent.name())) {
                        work.add(dependent);
                        needs.computeIfAbsent(dependent.name(), k -> new LinkedHashSet<>()).add(service.name());
                    }
                }
            }
            Set<String> takingPart = new LinkedHashSet<>();
            plan.order().stream().filter(s -> needing.contains(s.name()) && plan.takesPart(s))
                    .forEach(s -> takingPart.add(s.name()));
            waiting.put(service.name(), takingPart);
        }
    }

    /** {@code task}, telling this registry when each step has ended (run or skipped). */
    StepTask around(StepTask task) {
        return new StepTask() {
            @Override
            public StepStatus run(Step step) throws InterruptedException {
                try {
                    return task.run(step);
                } finally {
                    ended(step);
                }
            }

            @Override
            public void skip(Step step, String reason) {
                try {
                    task.skip(step, reason);
                } finally {
                    ended(step);
                }
            }
        };
    }

    /** A service step's process is ready ({@link ServiceRunner}): it runs until the steps that need it have ended. */
    synchronized void ready(RunningService service) {
        running.put(service.step().name(), service);
    }

    /** Why {@code step} cannot start: a service it needs exited on its own. */
    synchronized Optional<String> unavailable(Step step) {
        return death(step);
    }

    /**
     * The outcome of {@code step} once it has run: a service step's later output goes on into its log, and one
     * that failed after it became ready (its success criteria) is stopped; a step during which a service it
     * needs exited fails with that as its reason.
     */
    synchronized StepOutcome.Finished settle(Step step, StepOutcome.Finished outcome) {
        RunningService own = running.get(step.name());
        if (own != null) {
            own.handOverLog();
            if (outcome.status() != StepStatus.PASSED) {
                stop(running.remove(step.name()), "its step " + outcome.status());
            }
        }
        Optional<String> death = death(step);
        if (death.isEmpty()) {
            return outcome;
        }
        String message = death.get() + outcome.reason().map(r -> "\nthe step itself: " + r).orElse("");
        return new StepOutcome.Failed(masker.mask(new StepFailedException(message)), outcome.ran());
    }

    private Optional<String> death(Step step) {
        for (String service : needs.getOrDefault(step.name(), Set.of())) {
            RunningService r = running.get(service);
            Optional<String> death = r == null ? Optional.empty() : r.deathFor(step.name());
            if (death.isPresent()) {
                return death;
            }
        }
        return Optional.empty();
    }

    private synchronized void ended(Step step) {
        for (String service : needs.getOrDefault(step.name(), Set.of())) {
            waiting.get(service).remove(step.name());
            stopIfUnneeded(service);
        }
        if (step.service().enabled()) {
            stopIfUnneeded(step.name());
        }
    }

    private void stopIfUnneeded(String service) {
        if (waiting.getOrDefault(service, Set.of()).isEmpty() && running.containsKey(service)) {
            stop(running.remove(service), "every step that needs it has ended");
        }
    }

    /** Stops {@code service} on a thread of its own, and publishes how it ended. */
    private void stop(RunningService service, String why) {
        Thread thread = new Thread(() -> {
            try {
                String how = masker.mask(service.stop(why));
                events.publish(new RunEvent.ServiceStopped(recipe, service.step(), how, service.log()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "cannot stop service " + service.step().name()
                        + " of recipe " + recipe.testId() + ": " + masker.mask(String.valueOf(e)));
            }
        }, "orchestrator-service-stop-" + service.step().name());
        thread.setDaemon(true);
        stops.add(thread);
        thread.start();
    }

    /** The recipe has ended: stops every service still running and waits until every stop is done. */
    @Override
    public void close() {
        List<Thread> pending;
        synchronized (this) {
            for (RunningService service : List.copyOf(running.values())) {
                stop(service, "the recipe ended");
            }
            running.clear();
            pending = List.copyOf(stops);
        }
        boolean interrupted = false;
        for (Thread stop : pending) {
            while (stop.isAlive()) {
                try {
                    stop.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the stops must end (they kill at last): wait for them, then pass it on
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
