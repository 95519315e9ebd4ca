package dev.orchestrator.schedule.internal;

import java.util.concurrent.TimeUnit;

/** Runs a scheduler call on its own thread, so a test can interrupt it and then see how it ended. */
final class Background {

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private final Thread thread;
    private volatile Throwable thrown;

    private Background(Call call) {
        thread = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable t) {
                thrown = t;
            }
        }, "test-scheduler-caller");
        thread.setDaemon(true);
    }

    static Background start(Call call) {
        Background background = new Background(call);
        background.thread.start();
        return background;
    }

    void interrupt() {
        thread.interrupt();
    }

    /** Waits for the call to end and returns what it threw, or null. */
    Throwable join() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (thread.isAlive()) {
            throw new AssertionError("the scheduler call did not end within 30 s");
        }
        return thrown;
    }
}
