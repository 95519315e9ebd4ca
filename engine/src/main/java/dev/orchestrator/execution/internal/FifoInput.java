package dev.orchestrator.execution.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reading end of a named pipe that a forked step writes its stdout or stderr to, opened on the first read
 * (on the thread that copies it into the log): opening a pipe for reading waits until its writer has opened
 * it, which is what makes sure no byte the step writes is lost. {@link #release} ends that wait when the
 * writer never came (a step killed before it opened its output).
 */
final class FifoInput extends InputStream {

    private static final int NEW = 0;
    private static final int OPENING = 1;
    private static final int OPEN = 2;

    private final Path fifo;
    private volatile int state = NEW;
    private InputStream in;

    FifoInput(Path fifo) {
        this.fifo = fifo;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (in == null) {
            state = OPENING;
            in = new FileInputStream(fifo.toFile());
            state = OPEN;
        }
        return in.read(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
        state = OPEN;
        if (in != null) {
            in.close();
        }
    }

    /**
     * Once the step has ended: if the copying thread is (or is about to be) waiting in the open, opens the pipe
     * for reading and writing (which never waits), so that its open returns and it then reads the end.
     */
    void release(long maxMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        if (state == OPEN) {
            return;
        }
        try (RandomAccessFile writer = new RandomAccessFile(fifo.toFile(), "rw")) {
            while (state != OPEN && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.sleep(1);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
