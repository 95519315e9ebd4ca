package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apiguardian.api.API;

/**
 * The limits that every step of one launch shares, whichever recipe it belongs to: at most
 * {@link #parallelism()} steps run at once; a step with {@code thread_safe: false} runs alone; steps that
 * name the same {@code resources} never overlap.
 *
 * <p>Create one per engine execution (from {@code orchestrator.parallelism}) and hand the same instance to
 * every {@link ParallelScheduler} of that execution, so recipes that run concurrently respect it together.
 * Thread-safe. Waits are fair (first come, first served), so an unsafe step is not starved by a stream of
 * safe ones.
 */
@API(status = INTERNAL)
public final class LaunchLimiter {

    private final int parallelism;
    private final boolean explicit;
    private final Semaphore slots;
    // safe steps share the read side; an unsafe step takes the write side and so runs alone
    private final ReentrantReadWriteLock alone = new ReentrantReadWriteLock(true);
    private final ConcurrentMap<String, Semaphore> resources = new ConcurrentHashMap<>();

    /**
     * A limit the user set: it caps every recipe, including one whose own {@code settings.parallelism} is
     * higher.
     *
     * @param parallelism most steps running at once across the launch
     * @throws IllegalArgumentException if {@code parallelism} is below 1
     */
    public LaunchLimiter(int parallelism) {
        this(parallelism, true);
    }

    /**
     * @param parallelism most steps running at once across the launch
     * @param explicit    true: the user set it, so it caps every recipe; false: a default (the processor
     *                    count) that a recipe's own explicit {@code settings.parallelism} overrules for that
     *                    recipe's steps, so a limit the user wrote down is never silently lowered
     * @throws IllegalArgumentException if {@code parallelism} is below 1
     */
    public LaunchLimiter(int parallelism, boolean explicit) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, found " + parallelism);
        }
        this.parallelism = parallelism;
        this.explicit = explicit;
        this.slots = new Semaphore(parallelism, true);
    }

    /** A default limit: as many steps at once as the JVM has processors. */
    public static LaunchLimiter ofAvailableProcessors() {
        return new LaunchLimiter(Runtime.getRuntime().availableProcessors(), false);
    }

    /** Most steps running at once across the launch. */
    public int parallelism() {
        return parallelism;
    }

    /**
     * Most steps of one recipe running at once: the recipe's own {@code settings.parallelism} when set,
     * otherwise the launch's.
     */
    int recipeLimit(Integer recipeParallelism) {
        return Math.max(1, recipeParallelism != null ? recipeParallelism : parallelism);
    }

    /**
     * Whether steps of a recipe share the launch-wide running slots: always, unless the launch limit is only
     * a default and the recipe set a higher limit of its own (which its own scheduler then enforces).
     */
    boolean sharesSlots(Integer recipeParallelism) {
        return explicit || recipeParallelism == null || recipeParallelism <= parallelism;
    }

    /** As {@link #acquire(Step, boolean)}, taking a launch-wide running slot. */
    Permit acquire(Step step) throws InterruptedException {
        return acquire(step, true);
    }

    /**
     * Waits until {@code step} may start and claims what it needs: its resources (in name order), then the
     * thread-safety lock, then a running slot. Every step claims in that same order, so waits never form a
     * cycle; the slot comes last so a step waiting for a resource does not keep a slot from others.
     *
     * <p>The returned permit must be released by the thread that acquired it.
     *
     * @param takeSlot false: the step does not count against {@link #parallelism()} (see
     *                 {@link #sharesSlots(Integer)}); its resources and thread safety still apply
     *
     * @throws InterruptedException if interrupted while waiting; nothing is then held
     */
    Permit acquire(Step step, boolean takeSlot) throws InterruptedException {
        List<Runnable> held = new ArrayList<>();
        try {
            for (String name : new TreeSet<>(step.limits().resources())) {
                Semaphore resource = resources.computeIfAbsent(name, n -> new Semaphore(1, true));
                resource.acquire();
                held.add(resource::release);
            }
            Lock side = step.limits().threadSafe() ? alone.readLock() : alone.writeLock();
            side.lockInterruptibly();
            held.add(side::unlock);
            if (takeSlot) {
                slots.acquire();
                held.add(slots::release);
            }
            return new Permit(held);
        } catch (InterruptedException | RuntimeException e) {
            new Permit(held).release();
            throw e;
        }
    }

    /** What one step holds while it runs; {@link #release()} gives it all back, most recent claim first. */
    static final class Permit {
        private final List<Runnable> held;

        private Permit(List<Runnable> held) {
            this.held = held;
        }

        void release() {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).run();
            }
            held.clear();
        }
    }
}
