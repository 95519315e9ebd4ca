package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.StepStatus;
import dev.orchestrator.recipe.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;

/**
 * Runs the steps of a plan as a DAG: a step starts as soon as every dependency it awaits has passed, ready
 * steps start in plan order, at most {@code settings.parallelism} steps of the recipe run at once (null: the
 * launch's parallelism), and the {@link LaunchLimiter} given to the constructor bounds what runs across the
 * whole launch ({@code orchestrator.parallelism}, {@code thread_safe: false}, {@code resources}); a launch
 * limit that is only the default never lowers a recipe's explicit {@code settings.parallelism}.
 * Which steps run or are skipped, and why, follows the same rules as {@link SerialScheduler}.
 *
 * <p>One instance serves every recipe of a launch, and several {@link #run} calls may proceed at once (one per
 * recipe, see {@link RecipeQueue}). Each call runs its steps on its own pool of daemon threads named
 * {@code orchestrator-step-N}; {@link StepTask#run} is called on those threads, {@link StepTask#skip} on the
 * calling thread. A skip is reported only once every dependency the step awaits has finished, and a step
 * dependent on others is reported only after them.
 *
 * <p>A {@link RuntimeException} or {@link Error} thrown by {@link StepTask} counts as a failure of that step
 * for scheduling (its dependents are skipped, {@code fail_fast} applies); {@code run} rethrows the first one
 * (later ones suppressed) once every step has settled. Interrupting the calling thread cancels the run:
 * running steps are interrupted, steps not yet started are skipped with "run interrupted", and once running
 * steps have ended (or {@linkplain #ParallelScheduler(LaunchLimiter, Duration) a grace period} has passed)
 * the {@link InterruptedException} is rethrown.
 */
@API(status = INTERNAL)
public final class ParallelScheduler implements Scheduler {

    static final String INTERRUPTED = "run interrupted";

    private final LaunchLimiter limiter;
    private final Duration cancelGrace;
    private final AtomicInteger threadNumber = new AtomicInteger();

    /** A scheduler whose steps share {@code limiter}; a cancelled run waits up to 30 s for running steps. */
    public ParallelScheduler(LaunchLimiter limiter) {
        this(limiter, Duration.ofSeconds(30));
    }

    /**
     * @param limiter     launch-wide limits, shared by every recipe of the launch
     * @param cancelGrace how long a cancelled run waits for its interrupted steps to end before it returns
     *                    anyway (they may then still report later)
     */
    public ParallelScheduler(LaunchLimiter limiter, Duration cancelGrace) {
        this.limiter = limiter;
        this.cancelGrace = cancelGrace;
    }

    @Override
    public void run(Plan plan, StepTask task) throws InterruptedException {
        new Run(plan, task).execute();
    }

    private ThreadFactory threads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "orchestrator-step-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** How a dispatched step ended: {@code status} null means it never started. */
    private record Ended(Step step, StepStatus status, Throwable thrown) {
    }

    /** One call of {@link #run}. Everything but {@link #events} and {@link #stop} is owned by the calling thread. */
    private final class Run {
        private final StepTask task;
        private final PlanProgress progress;
        private final boolean failFast;
        private final int limit;
        private final boolean sharesSlots;
        private final List<Step> pending = new LinkedList<>();
        private final Map<String, Integer> waitingOn = new HashMap<>();
        private final Map<String, List<Step>> dependents = new HashMap<>();
        private final Set<Step> active = new LinkedHashSet<>();
        private final List<Throwable> failures = new ArrayList<>();
        private final BlockingQueue<Ended> events = new LinkedBlockingQueue<>();
        /** Why steps not yet started must not start (fail_fast, interruption); null while they may. */
        private final AtomicReference<String> stop = new AtomicReference<>();
        private final ExecutorService executor;
        private InterruptedException interruption;
        private long graceDeadline;

        Run(Plan plan, StepTask task) {
            this.task = task;
            this.progress = new PlanProgress(plan);
            this.failFast = plan.recipe().settings().failFast();
            Integer parallelism = plan.recipe().settings().parallelism();
            this.limit = limiter.recipeLimit(parallelism);
            this.sharesSlots = limiter.sharesSlots(parallelism);
            for (Step step : progress.visibleSteps()) {
                pending.add(step);
                List<String> awaited = progress.awaitedDependencies(step);
                waitingOn.put(step.name(), awaited.size());
                awaited.forEach(dep -> dependents.computeIfAbsent(dep, d -> new ArrayList<>()).add(step));
            }
            this.executor = Executors.newFixedThreadPool(limit, threads());
        }

        void execute() throws InterruptedException {
            try {
                pump();
                while (!pending.isEmpty() || !active.isEmpty()) {
                    Ended ended = next();
                    if (ended == null) {
                        abandon();
                        break;
                    }
                    settle(ended);
                    pump();
                }
            } finally {
                executor.shutdown();
            }
            rethrow();
        }

        /** Starts or skips, in plan order, every pending step whose awaited dependencies have all ended. */
        private void pump() {
            // plan order is a topological order: settling a step here only unblocks steps later in the list
            for (Iterator<Step> it = pending.iterator(); it.hasNext(); ) {
                Step step = it.next();
                if (waitingOn.get(step.name()) > 0) {
                    continue;
                }
                String leftOut = progress.leftOutReason(step);
                if (leftOut != null) {
                    it.remove();
                    skip(step, leftOut); // satisfied for its dependents: they never awaited it
                    continue;
                }
                String reason = stop.get() != null ? stop.get() : progress.reasonToSkip(step);
                if (reason != null) {
                    it.remove();
                    skip(step, reason);
                    resolve(step, StepStatus.SKIPPED);
                } else if (canDispatch(step)) {
                    it.remove();
                    active.add(step);
                    executor.execute(new StepJob(step));
                }
            }
        }

        /**
         * Whether the recipe has room for {@code step}. Besides the limit, a step that could not start anyway
         * (it shares a resource with one of ours, or one of ours must run alone) is not dispatched, so it does
         * not take a slot from a later ready step.
         */
        private boolean canDispatch(Step step) {
            if (active.size() >= limit) {
                return false;
            }
            for (Step other : active) {
                if (!other.limits().threadSafe() || other.limits().resources().stream().anyMatch(step.limits().resources()::contains)) {
                    return false;
                }
            }
            return true;
        }

        private Ended next() {
            while (true) {
                try {
                    if (interruption == null) {
                        return events.take();
                    }
                    return events.poll(graceDeadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    if (interruption == null) {
                        cancel(e);
                    }
                    // a second interrupt while cancelling changes nothing: the running steps are already told
                }
            }
        }

        private void cancel(InterruptedException cause) {
            interruption = cause;
            graceDeadline = System.nanoTime() + cancelGrace.toNanos();
            stop.set(INTERRUPTED);
            for (Runnable queued : executor.shutdownNow()) {
                events.add(new Ended(((StepJob) queued).step, null, null));
            }
        }

        private void settle(Ended ended) {
            active.remove(ended.step());
            StepStatus status = ended.status();
            if (status == null) {
                String reason = stop.get();
                skip(ended.step(), reason != null ? reason : INTERRUPTED);
                status = StepStatus.SKIPPED;
            } else if (ended.thrown() != null
                    && !(interruption != null && ended.thrown() instanceof InterruptedException)) {
                failures.add(ended.thrown());
            }
            resolve(ended.step(), status);
        }

        private void resolve(Step step, StepStatus status) {
            progress.record(step, status);
            for (Step dependent : dependents.getOrDefault(step.name(), List.of())) {
                waitingOn.merge(dependent.name(), -1, Integer::sum);
            }
        }

        /** The grace period of a cancelled run is over: report what never started and give up on the rest. */
        private void abandon() {
            for (Step step : pending) {
                skip(step, INTERRUPTED);
            }
            pending.clear();
        }

        private void skip(Step step, String reason) {
            try {
                task.skip(step, reason);
            } catch (RuntimeException | Error e) {
                failures.add(e);
            }
        }

        private void rethrow() throws InterruptedException {
            if (interruption != null) {
                failures.forEach(interruption::addSuppressed);
                throw interruption;
            }
            if (failures.isEmpty()) {
                return;
            }
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof RuntimeException e) {
                throw e;
            }
            if (first instanceof Error e) {
                throw e;
            }
            if (first instanceof InterruptedException e) {
                throw e;
            }
            throw new IllegalStateException(first);
        }

        /** Runs one step on a pool thread: claims the launch-wide limits, runs it unless stopped, reports. */
        private final class StepJob implements Runnable {
            private final Step step;

            StepJob(Step step) {
                this.step = step;
            }

            @Override
            public void run() {
                LaunchLimiter.Permit permit;
                try {
                    permit = limiter.acquire(step, sharesSlots);
                } catch (InterruptedException e) {
                    events.add(new Ended(step, null, null));
                    return;
                }
                StepStatus status = null;
                Throwable thrown = null;
                try {
                    // checked only once the limits are held, so no step starts after a fail_fast failure
                    if (stop.get() == null) {
                        try {
                            status = task.run(step);
                            if (status == null) {
                                throw new IllegalStateException("step task returned no status for step " + step.name());
                            }
                        } catch (Throwable t) {
                            status = StepStatus.FAILED;
                            thrown = t;
                        }
                        if (status == StepStatus.FAILED && failFast) {
                            stop.compareAndSet(null, PlanProgress.failFastReason(step.name()));
                        }
                    }
                } finally {
                    permit.release();
                    events.add(new Ended(step, status, thrown));
                }
            }
        }
    }
}
