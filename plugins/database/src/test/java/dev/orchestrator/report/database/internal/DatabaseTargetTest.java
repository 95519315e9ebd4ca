package dev.orchestrator.report.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

    private final Path ws = Path.of("/work/ws");

    @Test
    void sqliteInTheWorkspaceIsTheDefaultAndARelativeFileResolvesAgainstTheWorkspace() {
        assertThat(DatabaseTarget.of(ws, Optional.empty(), Map.of()).file()).contains(ws.resolve("Data/orchestrator.db"));
        DatabaseTarget other = DatabaseTarget.of(ws, Optional.of("jdbc:sqlite:Data/other.db"), Map.of());
        assertThat(other.file()).contains(ws.resolve("Data/other.db"));
        assertThat(other.isPostgres()).isFalse();
        assertThat(other.configuredUrl()).contains("jdbc:sqlite:Data/other.db");
    }

    @Test
    void aPasswordInTheUrlIsNeverShown() {
        DatabaseTarget query = DatabaseTarget.of(ws, Optional.of(
                "jdbc:postgresql://db:5432/orch?user=ci&password=hunter2&ssl=true"), Map.of());
        DatabaseTarget authority = DatabaseTarget.of(ws, Optional.of("jdbc:postgresql://ci:hunter2@db/orch"), Map.of());

        assertThat(query.isPostgres()).isTrue();
        assertThat(query.file()).isEmpty();
        assertThat(query.display()).doesNotContain("hunter2").contains("password=******").contains("ssl=true");
        assertThat(authority.display()).doesNotContain("hunter2").contains("//ci:******@db/orch");
        assertThat(query.toString()).doesNotContain("hunter2");
    }

    @Test
    void aUserAndPasswordBeforeTheHostAreTheLoginNotAHostName() {
        DatabaseTarget authority = DatabaseTarget.of(ws, Optional.of("jdbc:postgresql://ci:p%40ss+w0rd@db:5432/orch"),
                Map.of("PGUSER", "pg", "PGPASSWORD", "from-env"));
        assertThat(authority.user()).isEqualTo("ci");
        assertThat(authority.password()).isEqualTo("p@ss+w0rd");
        assertThat(authority.display()).isEqualTo("jdbc:postgresql://ci:******@db:5432/orch");
        DatabaseTarget userOnly = DatabaseTarget.of(ws, Optional.of("jdbc:postgresql://ci@db/orch"),
                Map.of("PGPASSWORD", "from-env"));
        assertThat(userOnly.user()).isEqualTo("ci");
        assertThat(userOnly.password()).isEqualTo("from-env");
    }

    @Test
    void aPasswordWithAPercentSignNotEncodedIsTakenAsWrittenNeverShownInAnError() {
        // URLDecoder rejects "%su" with a message quoting the characters after the '%': part of the password
        DatabaseTarget raw = DatabaseTarget.of(ws, Optional.of("jdbc:postgresql://ci:100%sure@db/orch"), Map.of());

        assertThat(raw.user()).isEqualTo("ci");
        assertThat(raw.password()).isEqualTo("100%sure");
        assertThat(raw.display()).isEqualTo("jdbc:postgresql://ci:******@db/orch");
    }

    @Test
    void credentialsComeFromTheEnvironmentOrchestratorNamesFirst() {
        DatabaseTarget both = DatabaseTarget.of(ws, Optional.of("jdbc:postgresql://db/orch"),
                Map.of("ORCH_DATABASE_USER", "orch", "PGUSER", "pg", "PGPASSWORD", "secret"));
        assertThat(both.user()).isEqualTo("orch");
        DatabaseTarget standard = DatabaseTarget.of(ws, Optional.of("jdbc:postgresql://db/orch"), Map.of("PGUSER", "pg"));
        assertThat(standard.user()).isEqualTo("pg");
        assertThat(both.toString()).doesNotContain("secret");
    }

    @Test
    void onlySqliteAndPostgresqlAreAccepted() {
        for (String bad : new String[] {"jdbc:mysql://db/orch", "postgres://db/orch", "jdbc:sqlite::memory:", "jdbc:sqlite:"}) {
            assertThatThrownBy(() -> DatabaseTarget.of(ws, Optional.of(bad), Map.of())).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
