package dev.orchestrator.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python core and shell library of the engine jar, unpacked into a cache folder for process steps. */
class BundledScriptletsTest {

    /** The repository's scriptlets folder: the one source the engine's resources are copied from. */
    private static final Path SOURCES = Path.of("..", "scriptlets").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theUnpackedFolderHoldsExactlyTheSourceFilesOfTheCoreAndTheShellLibrary() throws Exception {
        Path unpacked = new BundledScriptlets(dir.resolve("cache")).unpacked();

        SortedMap<String, String> expected = new TreeMap<>();
        for (String folder : List.of("python/core", "shell/lib")) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(folder))) {
                files.filter(f -> f.toString().endsWith(".py") || f.toString().endsWith(".sh"))
                        .forEach(f -> expected.put("scriptlets/" + folder + "/" + f.getFileName(), read(f)));
            }
        }
        expected.put("scriptlets/__init__.py", read(SOURCES.resolve("__init__.py")));
        expected.put("scriptlets/python/__init__.py", read(SOURCES.resolve("python/__init__.py")));
        SortedMap<String, String> actual = new TreeMap<>();
        try (Stream<Path> files = Files.walk(unpacked)) {
            files.filter(Files::isRegularFile).forEach(f -> actual.put(
                    unpacked.relativize(f).toString().replace(File.separatorChar, '/'), read(f)));
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(actual).containsKeys("scriptlets/python/core/bridge.py", "scriptlets/shell/lib/ctx.sh",
                "scriptlets/shell/lib/common.sh");
    }

    @Test
    void theFolderIsNamedByVersionAndContentSoAChangedCoreGetsANewOne() {
        SortedMap<String, byte[]> files = new TreeMap<>(Map.of("scriptlets/a.py", bytes("x = 1")));
        SortedMap<String, byte[]> changed = new TreeMap<>(Map.of("scriptlets/a.py", bytes("x = 2")));

        assertThat(BundledScriptlets.folderName("1.0", files)).matches("1\\.0-[0-9a-f]{16}")
                .isEqualTo(BundledScriptlets.folderName("1.0", new TreeMap<>(files)))
                .isNotEqualTo(BundledScriptlets.folderName("1.0", changed))
                .isNotEqualTo(BundledScriptlets.folderName("1.1", files));
    }

    @Test
    void aSecondEngineFindsTheFolderTheFirstUnpackedAndWritesNothing() throws Exception {
        Path cache = dir.resolve("cache");
        Path first = new BundledScriptlets(cache).unpacked();
        Path bridge = first.resolve("scriptlets/python/core/bridge.py");
        Files.writeString(bridge, "# marker: a second unpacking would overwrite this\n", StandardCharsets.UTF_8);

        Path second = new BundledScriptlets(cache).unpacked();

        assertThat(second).isEqualTo(first);
        assertThat(read(bridge)).startsWith("# marker");
        assertThat(entries(cache)).containsExactly(first.getFileName().toString());
    }

    @Test
    void enginesRacingInThreadsAndInTwoJvmsAllGetTheSameCompleteFolderAndLeaveNoTemporaryOne() throws Exception {
        Path cache = dir.resolve("cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> jvms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jvms.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    BundledScriptlets.class.getName(), cache.toString()).redirectErrorStream(true).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Path>> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(pool.submit((Callable<Path>) () -> new BundledScriptlets(cache).unpacked()));
        }
        Set<Path> folders = new java.util.HashSet<>();
        for (Future<Path> thread : threads) {
            folders.add(thread.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        for (Process jvm : jvms) {
            String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(jvm.exitValue()).as(out).isZero();
            assertThat(out).contains("export ORCH_SHELL_LIB='" + cache.toAbsolutePath());
            folders.add(Path.of(out.lines().filter(l -> l.startsWith("export PYTHONPATH=")).findFirst().orElseThrow()
                    .replaceFirst("^export PYTHONPATH=\"[^\"]*\"'", "").replaceFirst("'$", "")));
        }

        assertThat(folders).hasSize(1);
        Path folder = folders.iterator().next();
        assertThat(entries(cache)).containsExactly(folder.getFileName().toString());
        assertThat(read(folder.resolve("scriptlets/python/core/bridge.py")))
                .isEqualTo(read(SOURCES.resolve("python/core/bridge.py")));
    }

    @Test
    void aWorkspaceWithoutItsOwnCoreGetsTheUnpackedOneAfterTheInheritedPythonPath() throws Exception {
        BundledScriptlets bundled = new BundledScriptlets(dir.resolve("cache"));
        Map<String, String> env = new HashMap<>(Map.of("PYTHONPATH", "/opt/site"));

        bundled.exposeTo(env, Files.createDirectories(dir.resolve("ws")));

        Path unpacked = bundled.unpacked();
        assertThat(env).containsEntry("PYTHONPATH", "/opt/site" + File.pathSeparator + unpacked)
                .containsEntry("ORCH_SHELL_LIB", unpacked.resolve("scriptlets/shell/lib").toString());
        assertThat(Path.of(env.get("ORCH_SHELL_LIB")).resolve("ctx.sh")).isRegularFile();
    }

    @Test
    void aWorkspaceWithItsOwnCoreAndShellLibraryKeepsThemAndNothingIsUnpacked() throws Exception {
        Path ws = dir.resolve("ws");
        Files.createDirectories(ws.resolve("scriptlets/python/core"));
        Files.writeString(ws.resolve("scriptlets/python/core/bridge.py"), "");
        Files.createDirectories(ws.resolve("scriptlets/shell/lib"));
        Files.writeString(ws.resolve("scriptlets/shell/lib/ctx.sh"), "");
        Map<String, String> env = new HashMap<>();

        new BundledScriptlets(dir.resolve("cache")).exposeTo(env, ws);

        assertThat(env).doesNotContainKey("PYTHONPATH")
                .containsEntry("ORCH_SHELL_LIB", ws.resolve("scriptlets/shell/lib").toString());
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void theCacheIsUnderXdgCacheHomeWhenThatIsAnAbsolutePathElseUnderTheHomeFolder() {
        assertThat(BundledScriptlets.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "/var/cache/me"), "/home/me"))
                .isEqualTo(Path.of("/var/cache/me/orchestrator"));
        assertThat(BundledScriptlets.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "relative"), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/orchestrator"));
        assertThat(BundledScriptlets.defaultCacheRoot(Map.of(), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/orchestrator"));
    }

    @Test
    void aTemporaryFolderLeftByADeadUnpackingIsDeletedOnceStale() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path dead = Files.createDirectories(cache.resolve(".unpacking-dead/scriptlets"));
        Files.setLastModifiedTime(cache.resolve(".unpacking-dead"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(1)));
        Path fresh = Files.createDirectories(cache.resolve(".unpacking-running"));

        Path unpacked = new BundledScriptlets(cache).unpacked();

        assertThat(dead.getParent()).doesNotExist();
        assertThat(entries(cache)).containsExactlyInAnyOrder(fresh.getFileName().toString(),
                unpacked.getFileName().toString());
    }

    private static List<String> entries(Path folder) throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
