package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.internal.JavaSources;
import dev.orchestrator.scriptlet.internal.ScriptletClassPath;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletInvoker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;

/** Runs a {@code type: java} step in this JVM, on the calling thread, and measures that thread. */
final class InProcessJavaRunner implements StepRunner {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The heap pools, looked up once: asking the platform for them builds their MXBeans (and names) each time. */
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();

    @Override
    public Result run(StepRun run) throws Exception {
        ClassLoader loader = run.settings().classLoader();
        if (run.step().target().source() != null) {
            // compiled at discovery: this finds the classes in memory or in the workspace's cache
            loader = JavaSources.compile(run.settings().workspace(), run.step().target().source(),
                    ScriptletClassPath.forCompiling(loader)).loader(loader);
        }
        BaseScriptlet scriptlet = ScriptletInvoker.instantiate(run.step().target().className(), loader);
        ScriptletInvoker.attachGlobalState(scriptlet, run.settings().global().frozenJson());
        List<MemoryPoolMXBean> heap = heapPools();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long cpuBefore = threadCpu();
        long allocBefore = allocated();
        long start = System.nanoTime();
        JsonNode value = ScriptletInvoker.invoke(scriptlet, run.ctx(), Params.of(run.step().target().params()), run.log(),
                run.settings().workspace());
        long wall = System.nanoTime() - start;
        long cpu = cpuBefore < 0 ? 0 : threadCpu() - cpuBefore;
        long alloc = allocBefore < 0 ? -1 : allocated() - allocBefore;
        // Peak heap is JVM-wide: with parallel steps it includes their use too (documented in the README).
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Result(value, new ResourceUsage(Duration.ofNanos(wall), Duration.ofNanos(cpu), alloc, peak));
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return HEAP.stream().filter(MemoryPoolMXBean::isValid).toList();
    }

    private static long threadCpu() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    private static long allocated() {
        if (THREADS instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
