package dev.orchestrator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Processes still alive that carry a marker in their command line or environment, found by scanning
 * {@code /proc}: how a test proves that nothing a step started (even with {@code setsid} or a double fork)
 * survived. Zombies do not count: they are dead, only not yet reaped by whoever adopted them.
 */
public final class Survivors {

    private Survivors() {
    }

    /** {@code "<pid> <command line>"} of each live process whose argv or environment contains {@code marker}. */
    public static List<String> withMarker(String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                byte[] cmdline = read(entry.resolve("cmdline"));
                if ((contains(cmdline, needle) || contains(read(entry.resolve("environ")), needle)) && !zombie(entry)) {
                    found.add(entry.getFileName() + " " + new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return found;
    }

    private static boolean zombie(Path proc) {
        byte[] stat = read(proc.resolve("stat"));
        String text = new String(stat, StandardCharsets.UTF_8);
        int close = text.lastIndexOf(')');
        return stat.length == 0 || close < 0 || text.length() < close + 3 || text.charAt(close + 2) == 'Z';
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException gone) {
            return new byte[0];
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
