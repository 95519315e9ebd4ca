package dev.orchestrator.junit;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * Hands events from several threads to an {@link EngineExecutionListener} one at a time.
 *
 * <p>The platform does not require it: the launcher passes engine events straight through to its
 * {@code TestExecutionListener}s without locking, and Jupiter's own parallel mode calls the listener from its
 * worker threads, so the platform's listeners (and Surefire's, and the test kit's recorder) take concurrent
 * calls. What the platform does require is the order of events per descriptor (started before finished, a
 * container finished after its children), which the schedulers guarantee. This wrapper is for listeners
 * outside that set (IDE or third-party {@code TestExecutionListener}s) that assume one thread: events are
 * rare next to step run times, so serializing them costs nothing measurable.
 */
final class SynchronizedExecutionListener implements EngineExecutionListener {

    private final EngineExecutionListener delegate;
    private final Object lock = new Object();

    SynchronizedExecutionListener(EngineExecutionListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void dynamicTestRegistered(TestDescriptor testDescriptor) {
        synchronized (lock) {
            delegate.dynamicTestRegistered(testDescriptor);
        }
    }

    @Override
    public void executionSkipped(TestDescriptor testDescriptor, String reason) {
        synchronized (lock) {
            delegate.executionSkipped(testDescriptor, reason);
        }
    }

    @Override
    public void executionStarted(TestDescriptor testDescriptor) {
        synchronized (lock) {
            delegate.executionStarted(testDescriptor);
        }
    }

    @Override
    public void executionFinished(TestDescriptor testDescriptor, TestExecutionResult testExecutionResult) {
        synchronized (lock) {
            delegate.executionFinished(testDescriptor, testExecutionResult);
        }
    }

    @Override
    public void reportingEntryPublished(TestDescriptor testDescriptor, ReportEntry entry) {
        synchronized (lock) {
            delegate.reportingEntryPublished(testDescriptor, entry);
        }
    }

    @Override
    public void fileEntryPublished(TestDescriptor testDescriptor, FileEntry file) {
        synchronized (lock) {
            delegate.fileEntryPublished(testDescriptor, file);
        }
    }
}
