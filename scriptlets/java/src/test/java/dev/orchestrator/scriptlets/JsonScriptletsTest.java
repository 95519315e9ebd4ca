package dev.orchestrator.scriptlets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.scriptlet.InvalidParamsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read-data, json-query, compare-values, validate-json and the paths and placeholders they share. */
class JsonScriptletsTest {

    @TempDir
    Path dir;

    private Step step;

    @BeforeEach
    void setUp() {
        step = new Step(dir);
    }

    @Test
    void readsYamlIntoCtxWholeOrAtAPath() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "server:\n  port: 8080\n  hosts: [a, b]\nname: demo\n");
        step.run(new ReadData(), "{'input': 'config.yaml', 'into': 'config'}");
        assertThat(step.get("config").at("/server/hosts/1").asText()).isEqualTo("b");
        step.run(new ReadData(), "{'input': 'config.yaml', 'into': 'port', 'path': 'server.port'}");
        assertThat(step.get("port").asInt()).isEqualTo(8080);
    }

    @Test
    void yamlTypeTagsAndDuplicateKeysAreRefused() throws Exception {
        Files.writeString(dir.resolve("evil.yaml"), "x: !!javax.script.ScriptEngineManager [[]]\n");
        assertThatThrownBy(() -> step.run(new ReadData(), "{'input': 'evil.yaml', 'into': 'x'}"))
                .isNotInstanceOf(InvalidParamsException.class);
        assertThat(step.get("x")).isNull();
        Files.writeString(dir.resolve("dup.yaml"), "a: 1\na: 2\n");
        assertThatThrownBy(() -> step.run(new ReadData(), "{'input': 'dup.yaml', 'into': 'x'}"))
                .hasMessageContaining("Duplicate");
    }

    @Test
    void aFileOutsideTheWorkspaceIsInvalid() {
        assertThatThrownBy(() -> step.run(new ReadData(), "{'input': '../outside.json', 'into': 'x'}"))
                .isInstanceOf(InvalidParamsException.class).hasMessageContaining("escapes the workspace");
    }

    @Test
    void pointerAndDottedPathsNameTheSameValue() throws Exception {
        var doc = Step.JSON.readTree("{\"a\": {\"b/c\": [10, {\"d\": 4}]}}");
        assertThat(Support.at(doc, "/a/b~1c/1/d").asInt()).isEqualTo(4);
        assertThat(Support.at(doc, "a.b/c[1].d").asInt()).isEqualTo(4); // '/' is no separator in the dotted form
        assertThat(Support.at(doc, "/a/b~1c/0").asInt()).isEqualTo(10);
        assertThat(Support.at(doc, "/nothing")).isNull();
        assertThatThrownBy(() -> Support.pointer("a..b")).isInstanceOf(InvalidParamsException.class);
    }

    @Test
    void placeholdersAreFilledFromCtxReferencesAndUnknownOnesAreNamed() {
        step.ctx.set("user", Step.JSON.createObjectNode().put("name", "Ada").put("age", 36));
        step.ctx.set("port", 8080);
        assertThat(Support.render("http://127.0.0.1:{{port}}/u/${user.name}?age={{ user/age }}", step.ctx))
                .isEqualTo("http://127.0.0.1:8080/u/Ada?age=36");
        Set<String> missing = new LinkedHashSet<>();
        Support.render("{{nope}} and ${user.missing}", step.ctx, missing);
        assertThat(missing).containsExactly("nope", "user.missing");
    }

    @Test
    void jsonQueryCopiesValuesAndUsesTheDefaultOnlyWhenAsked() throws Exception {
        step.ctx.set("resp", Step.JSON.readTree("{\"body\": {\"items\": [{\"id\": 7}]}}"));
        step.run(new JsonQuery(), "{'select': {'first_id': 'resp.body.items[0].id', 'items': 'resp/body/items'}}");
        assertThat(step.get("first_id").asInt()).isEqualTo(7);
        assertThat(step.get("items").size()).isEqualTo(1);
        assertThatThrownBy(() -> step.run(new JsonQuery(), "{'select': {'x': 'resp.body.total'}}"))
                .hasMessageContaining("nothing at 'resp.body.total'");
        step.run(new JsonQuery(), "{'select': {'x': 'resp.body.total'}, 'default': 0}");
        assertThat(step.get("x").asInt()).isZero();
    }

    @Test
    void compareValuesHonoursTheToleranceAndListsDifferences() throws Exception {
        step.ctx.set("metrics", Step.JSON.readTree("{\"mean\": 10.004, \"n\": 3, \"tags\": [\"a\", \"b\"]}"));
        step.run(new CompareValues(), "{'actual': 'metrics.mean', 'expected': 10, 'tolerance': 0.01}");
        step.run(new CompareValues(), "{'actual': 'metrics', 'expected': {'n': 3}, 'subset': true}");
        assertThatThrownBy(() -> step.run(new CompareValues(),
                "{'actual': 'metrics', 'expected': {'mean': 10, 'n': 4, 'tags': ['a', 'c']}}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("3 difference(s)")
                .hasMessageContaining("metrics/mean: expected 10, found 10.004")
                .hasMessageContaining("metrics/n: expected 4, found 3")
                .hasMessageContaining("metrics/tags/1: expected \"c\", found \"b\"");
    }

    @Test
    void compareValuesAgainstAnotherCtxValueAndNeverShowsSecrets() throws Exception {
        step.ctx.set("a", Step.JSON.readTree("{\"password\": \"hunter2-long\", \"x\": 1}"));
        step.ctx.set("b", Step.JSON.readTree("{\"password\": \"other-long-pw\", \"x\": 1}"));
        assertThatThrownBy(() -> step.run(new CompareValues(), "{'actual': 'a', 'expected_ref': 'b'}"))
                .hasMessageContaining("a/password differs")
                .hasMessageNotContaining("hunter2-long").hasMessageNotContaining("other-long-pw");
        assertThatThrownBy(() -> step.run(new CompareValues(), "{'actual': 'a'}"))
                .isInstanceOf(InvalidParamsException.class);
    }

    @Test
    void validateJsonListsViolationsOfAFileOrACtxValue() throws Exception {
        Files.writeString(dir.resolve("schema.yaml"), "type: object\nrequired: [id]\nproperties:\n  id: {type: integer}\n");
        Files.writeString(dir.resolve("good.json"), "{\"id\": 3}");
        step.run(new ValidateJson(), "{'schema': 'schema.yaml', 'input': 'good.json'}");
        step.ctx.set("bad", Step.JSON.readTree("{\"id\": \"three\"}"));
        assertThatThrownBy(() -> step.run(new ValidateJson(), "{'schema': 'schema.yaml', 'value': 'bad'}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("violates").hasMessageContaining("integer");
    }

    @Test
    void aSchemaReferringToAUrlIsRefusedInsteadOfDownloaded() throws Exception {
        Files.writeString(dir.resolve("remote.json"), "{\"$ref\": \"http://127.0.0.1:9/never.json\"}");
        step.ctx.set("v", 1);
        assertThatThrownBy(() -> step.run(new ValidateJson(), "{'schema': 'remote.json', 'value': 'v'}"))
                .isNotInstanceOf(AssertionError.class);
    }
}
