package dev.orchestrator.scriptlets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.scriptlet.InvalidParamsException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sql-query on SQLite, write-excel and read-excel. */
class DataScriptletsTest {

    @TempDir
    Path dir;

    private Step step;

    @BeforeEach
    void setUp() throws Exception {
        step = new Step(dir);
        step.ctx.set("people", Step.JSON.readTree("[{\"id\": 1, \"name\": \"Ada\", \"score\": 9.5, \"active\": true},"
                + " {\"id\": 2, \"name\": \"Alan, T.\", \"score\": 7, \"active\": false},"
                + " {\"id\": 3, \"name\": null, \"score\": 1.25, \"active\": true}]"));
    }

    private void storePeople() throws Exception {
        step.run(new SqlQuery(), "{'url': 'jdbc:sqlite:db/people.db', 'sql': ['CREATE TABLE p (id INTEGER, name TEXT,"
                + " score REAL, active INTEGER)'], 'insert': {'table': 'p', 'rows': 'people'}}");
    }

    @Test
    void insertsCtxRowsThenQueriesThemBackIntoCtx() throws Exception {
        storePeople();
        assertThat(dir.resolve("db/people.db")).exists();
        JsonNode result = step.run(new SqlQuery(), "{'url': 'jdbc:sqlite:db/people.db',"
                + " 'sql': 'SELECT id, name, score FROM p WHERE score > ? ORDER BY id', 'args': [2], 'save_as': 'good', 'expect_rows': 2}");
        assertThat(result.get("rows").asInt()).isEqualTo(2);
        JsonNode rows = step.get("good");
        assertThat(rows.get(1).get("name").asText()).isEqualTo("Alan, T.");
        assertThat(rows.get(0).get("id").isIntegralNumber()).isTrue();
        assertThat(rows.get(0).get("score").asDouble()).isEqualTo(9.5);
    }

    @Test
    void aWrongRowCountFailsAndAFailedStatementRollsEverythingBack() throws Exception {
        storePeople();
        assertThatThrownBy(() -> step.run(new SqlQuery(), "{'url': 'jdbc:sqlite:db/people.db', 'sql': 'SELECT * FROM p', 'expect_rows': 4}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected 4 row(s), found 3");
        assertThatThrownBy(() -> step.run(new SqlQuery(), "{'url': 'jdbc:sqlite:db/people.db', 'sql': 'SELECT * FROM p', 'min_rows': 5}"))
                .hasMessageContaining("at least 5");
        assertThatThrownBy(() -> step.run(new SqlQuery(), "{'url': 'jdbc:sqlite:db/people.db',"
                + " 'sql': ['DELETE FROM p', 'INSERT INTO nowhere VALUES (1)']}")).hasMessageContaining("nowhere");
        step.run(new SqlQuery(), "{'url': 'jdbc:sqlite:db/people.db', 'sql': 'SELECT count(*) AS n FROM p', 'save_as': 'n'}");
        assertThat(step.get("n").get(0).get("n").asInt()).as("the DELETE was rolled back").isEqualTo(3);
    }

    @Test
    void aSqliteFileOutsideTheWorkspaceAndOddIdentifiersAreRefused() {
        assertThatThrownBy(() -> step.run(new SqlQuery(), "{'url': 'jdbc:sqlite:../x.db', 'sql': 'SELECT 1'}"))
                .isInstanceOf(InvalidParamsException.class).hasMessageContaining("escapes the workspace");
        assertThatThrownBy(() -> step.run(new SqlQuery(), "{'url': 'jdbc:sqlite::memory:',"
                + " 'insert': {'table': 'p; DROP TABLE x', 'rows': 'people'}}"))
                .isInstanceOf(InvalidParamsException.class).hasMessageContaining("plain SQL identifier");
        assertThatThrownBy(() -> step.run(new SqlQuery(), "{'url': 'mysql://h/db', 'sql': 'SELECT 1'}"))
                .isInstanceOf(InvalidParamsException.class);
    }

    @Test
    void thePasswordNeverReachesTheLog() throws Exception {
        step.run(new SqlQuery(), "{'url': 'jdbc:sqlite::memory:', 'sql': 'SELECT 1 AS x', 'password': 'pw-Sup3rS3cret'}");
        assertThat(step.logText()).isNotEmpty().doesNotContain("pw-Sup3rS3cret");
    }

    @Test
    void excelRoundTripKeepsNumbersBooleansAndText() throws Exception {
        step.run(new WriteExcel(), "{'rows': 'people', 'output': 'out/people.xlsx', 'sheet': 'people'}");
        step.run(new ReadExcel(), "{'input': 'out/people.xlsx', 'sheet': 'people', 'into': 'back'}");
        JsonNode back = step.get("back");
        assertThat(back).hasSize(3);
        assertThat(back.get(0).get("id").isIntegralNumber()).isTrue();
        assertThat(back.get(0).get("score").asDouble()).isEqualTo(9.5);
        assertThat(back.get(1).get("active").asBoolean()).isFalse();
        assertThat(back.get(1).get("name").asText()).isEqualTo("Alan, T.");
        assertThat(back.get(2).get("name").isNull()).isTrue();
        step.run(new CompareValues(), "{'actual': 'back', 'expected_ref': 'people'}");
    }

    @Test
    void readExcelNamesTheSheetsWhenOneIsMissing() throws Exception {
        step.run(new WriteExcel(), "{'rows': 'people', 'output': 'p.xlsx', 'columns': ['id', 'name']}");
        assertThatThrownBy(() -> step.run(new ReadExcel(), "{'input': 'p.xlsx', 'sheet': 'nope'}"))
                .hasMessageContaining("no sheet 'nope'").hasMessageContaining("[data]");
        step.run(new ReadExcel(), "{'input': 'p.xlsx'}");
        assertThat(step.get("excel_rows").get(0).size()).isEqualTo(2);
    }
}
