package dev.orchestrator.report.database.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Where the run database is: SQLite in a file (the zero-setup default, {@code Data/orchestrator.db}) or a
 * PostgreSQL database shared by the shards of a run. Credentials of PostgreSQL come from the environment
 * ({@code ORCH_DATABASE_USER}/{@code ORCH_DATABASE_PASSWORD}, else the standard {@code PGUSER}/{@code PGPASSWORD}),
 * never from a recipe. {@link #toString()} and {@link #display()} never show a password, even one written in
 * the URL.
 */
@API(status = INTERNAL)
public final class DatabaseTarget {

    private static final Pattern PASSWORD_IN_QUERY = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern PASSWORD_IN_AUTHORITY = Pattern.compile("(//[^/:@]*:)[^/@]*@");
    /** {@code jdbc:postgresql://USER[:PASSWORD]@}: the user info before the host. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)(jdbc:postgresql://)([^/:@?]*)(?::([^/@?]*))?@");

    private final String url;
    private final Dialect dialect;
    private final Optional<String> configuredUrl;
    private final String user;
    private final String password;

    private DatabaseTarget(String url, Dialect dialect, Optional<String> configuredUrl, String user, String password) {
        this.url = url;
        this.dialect = dialect;
        this.configuredUrl = configuredUrl;
        this.user = user;
        this.password = password;
    }

    /** The SQLite database in {@code file}. */
    public static DatabaseTarget sqlite(Path file) {
        return new DatabaseTarget("jdbc:sqlite:" + file.toAbsolutePath().normalize(), Dialect.SQLITE,
                Optional.empty(), null, null);
    }

    /**
     * The database at {@code url}, or SQLite in the workspace's {@code Data/orchestrator.db} when empty. A
     * relative SQLite file resolves against the workspace.
     *
     * @param environment where PostgreSQL credentials are read from
     * @throws IllegalArgumentException for a URL that is neither {@code jdbc:sqlite:} nor {@code jdbc:postgresql:}
     */
    public static DatabaseTarget of(Path workspace, Optional<String> url, Map<String, String> environment) {
        if (url.isEmpty()) {
            return sqlite(workspace.resolve("Data").resolve("orchestrator.db"));
        }
        String text = url.get().trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            String file = text.substring("jdbc:sqlite:".length());
            if (file.isBlank() || file.startsWith(":memory:") || file.contains("?")) {
                throw new IllegalArgumentException("a SQLite database file");
            }
            DatabaseTarget sqlite = sqlite(workspace.resolve(file));
            return new DatabaseTarget(sqlite.url, Dialect.SQLITE, Optional.of(text), null, null);
        }
        if (lower.startsWith("jdbc:postgresql://")) {
            String user = first(environment, "ORCH_DATABASE_USER", "PGUSER");
            String password = first(environment, "ORCH_DATABASE_PASSWORD", "PGPASSWORD");
            // the driver reads no user:password@ before the host (it would take it for a host name and print it
            // in its error): it is taken out of the URL and given as the user and password
            Matcher userInfo = USER_INFO.matcher(text);
            if (userInfo.lookingAt()) {
                user = decode(userInfo.group(2));
                password = userInfo.group(3) == null ? password : decode(userInfo.group(3));
                String driverUrl = userInfo.group(1) + text.substring(userInfo.end());
                return new DatabaseTarget(driverUrl, Dialect.POSTGRES, Optional.of(text), user, password);
            }
            return new DatabaseTarget(text, Dialect.POSTGRES, Optional.of(text), user, password);
        }
        throw new IllegalArgumentException("jdbc:sqlite: or jdbc:postgresql:// URL");
    }

    /**
     * Percent-decoding as in a URL's user info ({@code +} stays a plus). Text that is not percent-encoded (a
     * {@code %} not followed by two hex digits) is taken as written: the decoder's error would quote it.
     */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return text;
        }
    }

    private static String first(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** The URL as configured ({@code orchestrator.database.url}); empty for the default SQLite file. */
    public Optional<String> configuredUrl() {
        return configuredUrl;
    }

    /** The SQLite file, or empty for PostgreSQL. */
    public Optional<Path> file() {
        return dialect == Dialect.SQLITE ? Optional.of(Path.of(url.substring("jdbc:sqlite:".length()))) : Optional.empty();
    }

    /** Whether this is a PostgreSQL database. */
    public boolean isPostgres() {
        return dialect == Dialect.POSTGRES;
    }

    Dialect dialect() {
        return dialect;
    }

    /** The PostgreSQL user from the environment, or null. */
    String user() {
        return user;
    }

    /** The PostgreSQL password (from the environment or the URL), or null. */
    String password() {
        return password;
    }

    /** The URL as configured with any password in it masked: safe for logs and messages. */
    public String display() {
        String masked = PASSWORD_IN_QUERY.matcher(configuredUrl.filter(u -> isPostgres()).orElse(url))
                .replaceAll("$1******");
        return PASSWORD_IN_AUTHORITY.matcher(masked).replaceAll("$1******@");
    }

    /** A new PostgreSQL connection (SQLite connections are opened with their own settings by their users). */
    Connection connectPostgres(boolean readOnly) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "orchestrator");
        Connection connection = DriverManager.getConnection(url, props);
        connection.setReadOnly(readOnly);
        return connection;
    }

    /**
     * A read-only connection: it can never write, migrate or lock out a run. For SQLite, null while the file
     * does not exist.
     */
    Connection connectReadOnly() throws SQLException {
        if (isPostgres()) {
            return connectPostgres(true);
        }
        Path file = file().orElseThrow();
        if (!java.nio.file.Files.isRegularFile(file)) {
            return null;
        }
        SqliteNativeLibrary.load();
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(RunDatabase.BUSY_TIMEOUT_MS);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    @Override
    public String toString() {
        return display();
    }
}
