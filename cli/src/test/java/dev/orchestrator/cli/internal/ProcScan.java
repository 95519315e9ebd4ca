package dev.orchestrator.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Live processes carrying a marker in their command line or environment, found by scanning {@code /proc}
 * (zombies do not count: they are dead, only not yet reaped by whoever adopted them).
 */
final class ProcScan {

    private ProcScan() {
    }

    /** {@code "<pid> <command line>"} of each live process whose argv or environment contains {@code marker}. */
    static List<String> withMarker(String marker) {
        String needle = marker;
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                String cmdline = read(entry.resolve("cmdline"));
                if ((cmdline.contains(needle) || read(entry.resolve("environ")).contains(needle)) && !zombie(entry)) {
                    found.add(entry.getFileName() + " " + cmdline.replace('\0', ' '));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return found;
    }

    private static boolean zombie(Path proc) {
        String stat = read(proc.resolve("stat"));
        int close = stat.lastIndexOf(')');
        return close < 0 || stat.length() < close + 3 || stat.charAt(close + 2) == 'Z';
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }
}
