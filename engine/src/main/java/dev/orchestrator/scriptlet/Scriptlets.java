package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.context.Context;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;

/**
 * Wrappers that add behaviour around an existing Java scriptlet without editing it (decorators). Each returns
 * a {@link DelegatingScriptlet}: {@code validate} is passed through, the wrapper acts around {@code run}.
 * They compose: {@code timed(retrying(withTimeout(new X(), Duration.ofSeconds(5)), 3, Duration.ofSeconds(1)))}
 * times all attempts, each attempt limited to 5 s. See {@code docs/wrappers.md}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Scriptlets {

    private Scriptlets() {
    }

    /**
     * Logs the wall-clock and CPU time of every {@code run}, as {@code timing: <class> wall 12.3 ms, cpu 4.5 ms}
     * (CPU of the calling thread only; work the scriptlet hands to other threads is not counted).
     */
    public static BaseScriptlet timed(BaseScriptlet scriptlet) {
        return new DelegatingScriptlet(scriptlet) {
            @Override
            public Object run(Context ctx, Params params) throws Exception {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                boolean cpu = threads.isCurrentThreadCpuTimeSupported();
                long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
                long start = System.nanoTime();
                String outcome = "failed";
                try {
                    Object result = super.run(ctx, params);
                    outcome = "ok";
                    return result;
                } finally {
                    long wall = System.nanoTime() - start;
                    log().info("timing: %s %s, wall %s, cpu %s", name(innermost()), outcome, millis(wall),
                            cpu ? millis(threads.getCurrentThreadCpuTime() - cpuStart) : "n/a");
                }
            }
        };
    }

    /**
     * Logs the memory a {@code run} used: bytes allocated by the calling thread (where the JVM can tell) and
     * the heap in use before and after, as {@code resources: <class> allocated 1.2 MiB, heap 30.0 → 31.5 MiB}.
     */
    public static BaseScriptlet tracked(BaseScriptlet scriptlet) {
        return new DelegatingScriptlet(scriptlet) {
            @Override
            public Object run(Context ctx, Params params) throws Exception {
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                long heapBefore = memory.getHeapMemoryUsage().getUsed();
                long allocatedBefore = allocatedBytes();
                try {
                    return super.run(ctx, params);
                } finally {
                    long allocatedAfter = allocatedBytes();
                    log().info("resources: %s allocated %s, heap %s → %s", name(innermost()),
                            allocatedBefore < 0 || allocatedAfter < 0 ? "n/a" : mib(allocatedAfter - allocatedBefore),
                            mib(heapBefore), mib(memory.getHeapMemoryUsage().getUsed()));
                }
            }
        };
    }

    /**
     * Runs {@code run} up to {@code attempts} times in all, waiting {@code delay} between attempts, until one
     * returns normally. {@link InvalidParamsException} is not retried (the parameters will not get better), nor
     * is an interrupt. When every attempt fails, the last failure is thrown with the earlier ones suppressed.
     * ctx changes made by a failed attempt stay: a retried scriptlet should set, not append.
     *
     * @param attempts at least 1
     * @param delay    not negative
     * @throws IllegalArgumentException for attempts below 1 or a negative delay
     */
    public static BaseScriptlet retrying(BaseScriptlet scriptlet, int attempts, Duration delay) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, found " + attempts);
        }
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, found " + delay);
        }
        return new DelegatingScriptlet(scriptlet) {
            @Override
            public Object run(Context ctx, Params params) throws Exception {
                Exception failure = null;
                for (int attempt = 1; attempt <= attempts; attempt++) {
                    try {
                        return super.run(ctx, params);
                    } catch (InvalidParamsException | InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        if (failure != null) {
                            e.addSuppressed(failure);
                        }
                        failure = e;
                        if (attempt < attempts) {
                            log().info("retry: %s attempt %d/%d failed (%s); next in %s", name(innermost()),
                                    attempt, attempts, e, millis(delay.toNanos()));
                            Thread.sleep(delay.toMillis());
                        }
                    }
                }
                throw failure;
            }
        };
    }

    /**
     * Fails {@code run} with a {@link TimeoutException} when it has not returned within {@code timeout}; the
     * scriptlet's thread is then interrupted (a scriptlet that ignores interrupts keeps running in the
     * background on a daemon thread, so put long loops on {@code Thread.interrupted()} checks). For steps of a
     * recipe, the step's {@code timeout:} key, which kills a process step's whole process tree, is stronger.
     *
     * @param timeout positive
     * @throws IllegalArgumentException for a zero or negative timeout
     */
    public static BaseScriptlet withTimeout(BaseScriptlet scriptlet, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, found " + timeout);
        }
        return new DelegatingScriptlet(scriptlet) {
            @Override
            public Object run(Context ctx, Params params) throws Exception {
                FutureTask<Object> task = new FutureTask<>(() -> super.run(ctx, params));
                Thread worker = new Thread(task, "scriptlet-timeout-" + name(innermost()));
                worker.setDaemon(true);
                worker.start();
                try {
                    return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    task.cancel(true);
                    TimeoutException timedOut = new TimeoutException(
                            name(innermost()) + " did not finish within " + millis(timeout.toNanos()));
                    timedOut.setStackTrace(worker.getStackTrace().length > 0 ? worker.getStackTrace() : e.getStackTrace());
                    throw timedOut;
                } catch (InterruptedException e) {
                    task.cancel(true);
                    throw e;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception exception) {
                        throw exception;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw e;
                }
            }
        };
    }

    private static String name(BaseScriptlet scriptlet) {
        return scriptlet.getClass().getSimpleName().isEmpty() ? scriptlet.getClass().getName()
                : scriptlet.getClass().getSimpleName();
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
