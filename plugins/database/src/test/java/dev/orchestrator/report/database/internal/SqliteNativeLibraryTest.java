package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

class SqliteNativeLibraryTest {

    @Test
    void theDriverRunsNativeAndTheCopyOfItsLibraryIsGoneAfterwards(@TempDir Path tmp) throws Exception {
        assertThat(SqliteNativeLibrary.loadFrom(tmp)).isTrue();

        assertThat(SQLiteJDBCLoader.isNativeMode()).isTrue();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        // pointed at the copy for its initialization only: a later driver in this JVM is not sent to a deleted folder
        assertThat(System.getProperty("org.sqlite.lib.path")).isNull();
        assertThat(System.getProperty("org.sqlite.lib.name")).isNull();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("runs.db"));
             ResultSet version = connection.createStatement().executeQuery("select sqlite_version()")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getString(1)).startsWith("3.");
        }
    }

    @Test
    void loadingTwiceIsHarmless() {
        SqliteNativeLibrary.load();
        SqliteNativeLibrary.load();

        assertThat(System.getProperty("org.sqlite.lib.path")).isNull();
    }
}
