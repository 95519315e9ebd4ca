package dev.orchestrator.execution.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The process steps running in this JVM, so that nothing of theirs outlives it: a shutdown hook (SIGTERM,
 * SIGINT, {@code System.exit}, the end of a Surefire fork) kills their process trees and deletes their bridge
 * folders. Bridge folders are named after the JVM that made them ({@code orchestrator-<owner>-<step>-…}), so
 * the first process step of a later JVM deletes those of JVMs that are gone (killed by kill -9).
 */
final class LiveSteps {

    /** Where the bridge files of a step live: see {@link ProcessLaunch#BRIDGE_ROOT}. */
    static final String BRIDGE_PREFIX = "orchestrator-";

    private static final Set<Live> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean started;
    private static volatile boolean shuttingDown;

    private LiveSteps() {
    }

    /** One running step: its bridge folder, then (once started) its process tree and tag. */
    static final class Live {
        final Path bridge;
        final String tag;
        volatile ProcessTree tree;
        /** Set once the step's own path has made sure no process of it is left: nothing more to kill then. */
        volatile boolean settled;

        private Live(Path bridge, String tag) {
            this.bridge = bridge;
            this.tag = tag;
        }

        /** Kills what is left of the step and deletes its bridge folder. */
        void end(Containment containment) {
            if (!settled) {
                ProcessTree t = tree;
                if (t != null) {
                    t.killAll();
                }
                if (containment.mode() == Containment.Mode.MARKER) {
                    TaggedProcesses.kill(tag);
                }
            }
            deleteQuietly(bridge);
        }
    }

    /**
     * Creates a step's bridge folder under {@code root} and registers it. The first call in a JVM also cleans
     * up after dead JVMs and installs the shutdown hook.
     */
    static Live begin(Path root, String step, Containment containment) throws IOException {
        startOnce(root, containment);
        String owner = TaggedProcesses.OWNER.replace('/', '_');
        Path bridge = Files.createTempDirectory(root, BRIDGE_PREFIX + owner + "-" + safe(step) + "-");
        Live live = new Live(bridge, TaggedProcesses.newTag());
        LIVE.add(live);
        return live;
    }

    /** Ends a step on its normal path (the hook no longer needs to). */
    static void finish(Live live, Containment containment) {
        try {
            live.end(containment);
        } finally {
            LIVE.remove(live);
        }
    }

    /**
     * Called by a step whose process ended: when the JVM is shutting down, that process was killed by the
     * shutdown hook, and the step must not be reported as failed (nor its run as finished) — the run is
     * interrupted, which the next start records. The calling thread then waits for the JVM to halt.
     */
    static void haltIfShuttingDown() {
        while (shuttingDown) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // keep waiting: the JVM halts once its shutdown hooks are done
            }
        }
    }

    private static void startOnce(Path root, Containment containment) {
        if (started) {
            return;
        }
        synchronized (LiveSteps.class) {
            if (started) {
                return;
            }
            started = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shuttingDown = true;
                for (Live live : LIVE) {
                    live.end(containment);
                }
            }, "orchestrator-kill-steps"));
            deleteStaleBridges(root);
            if (containment.mode() == Containment.Mode.MARKER) {
                TaggedProcesses.killOrphans();
            }
        }
    }

    /** Deletes the bridge folders of JVMs of this boot that are gone; folders of live JVMs are left alone. */
    static void deleteStaleBridges(Path root) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, BRIDGE_PREFIX + "*")) {
            for (Path entry : entries) {
                ownerOf(entry.getFileName().toString())
                        .filter(TaggedProcesses::ownerGone)
                        .ifPresent(gone -> deleteQuietly(entry));
            }
        } catch (IOException | RuntimeException unreadable) {
            // nothing to clean, or not ours to clean
        }
    }

    /** The owner in {@code orchestrator-<boot>.<pid>.<start>-…}, if the name has one. */
    static Optional<String> ownerOf(String name) {
        String rest = name.substring(BRIDGE_PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String owner = rest.substring(0, dash);
        return owner.split("\\.").length == 3 ? Optional.of(owner) : Optional.empty();
    }

    /** A step name as part of a file name: bounded, without separators. */
    private static String safe(String step) {
        String cleaned = step.replaceAll("[^A-Za-z0-9_.]", "_");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // already gone, or not deletable: nothing more to do here
        }
    }
}
