package dev.orchestrator.cli.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for one test class: Debian's binaries ({@code /usr/lib/postgresql/<version>/bin},
 * installed by {@code .ci/run}), a data folder and unix socket in a temp folder, listening on 127.0.0.1 at a free
 * port, with password authentication for TCP. Started as the {@code postgres} user when the tests run as root
 * (PostgreSQL refuses to run as root). {@link #close()} stops it ({@code pg_ctl stop -m fast}, waiting) and deletes
 * the folder.
 */
final class PostgresCluster implements AutoCloseable {

    static final String USER = "orch";
    static final String PASSWORD = "shard-secret-" + Long.toHexString(System.nanoTime());

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresCluster(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The folder of the newest installed PostgreSQL's binaries, if any. */
    static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static PostgresCluster start(Path bin) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "orch-pg-");
        boolean root = isRoot();
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root) {
            run(List.of("chown", "postgres", pwfile.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "--locale=C", "-E", "UTF8"), root);
        Files.delete(pwfile);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                        dir.resolve("server.log").toString(), "-w", "-t", "120", "-o",
                        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                                + "-c max_connections=60", "start"), root);
                return new PostgresCluster(bin, dir, port);
            } catch (IOException portTaken) {
                last = portTaken;
            }
        }
        throw last;
    }

    /** A JDBC URL of database {@code name} (no credentials in it: they come from the environment). */
    String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** The environment a run needs to log in (the standard libpq names). */
    Map<String, String> credentials() {
        return Map.of("PGUSER", USER, "PGPASSWORD", PASSWORD);
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, PASSWORD);
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
    }

    /** The data folder: a postgres process still serving it has it on its command line. */
    Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    public void close() throws Exception {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "120",
                    "stop"), isRoot());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean isRoot() {
        try {
            return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (asPostgres) {
            argv.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        argv.addAll(command);
        Process process = new ProcessBuilder(argv).directory(new java.io.File("/tmp")).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
