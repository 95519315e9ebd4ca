package dev.orchestrator.scriptlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.Context;
import dev.orchestrator.scriptlet.BaseScriptlet;
import dev.orchestrator.scriptlet.InvalidParamsException;
import dev.orchestrator.scriptlet.Param;
import dev.orchestrator.scriptlet.ParamType;
import dev.orchestrator.scriptlet.Params;
import dev.orchestrator.scriptlet.ScriptletDoc;
import dev.orchestrator.scriptlet.ScriptletInvoker;
import dev.orchestrator.scriptlet.StepLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Declared parameters: the text block, the annotation, conversion of command-line text, the check before run. */
class ParamDeclarationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ScriptletDoc(name = "echo", description = "Returns its params.", usage = "-", params = {
        @Param(name = "count", type = ParamType.INT, required = true, help = "how many"),
        @Param(name = "mode", defaultValue = "fast", help = "how")
    })
    public static final class Echo extends BaseScriptlet {
        @Override
        public Object run(Context ctx, Params params) {
            return params.asJson();
        }
    }

    @Test
    void aBlockIsReadWithEveryAttributeAndContinuationLines() {
        List<DeclaredParam> params = ParamDeclarations.ofPython("""
                #!/usr/bin/env python3
                \"\"\"
                Parameters:
                    input (path, required): the CSV.
                    limit (int, default=10, env=LIMIT): the most rows;
                        more help.

                Limitations:
                    none
                \"\"\"
                """).orElseThrow();

        assertThat(params).containsExactly(
                new DeclaredParam("input", ParamType.PATH, true, null, null, "the CSV."),
                new DeclaredParam("limit", ParamType.INT, false, "10", "LIMIT", "the most rows; more help."));
        assertThat(ParamDeclarations.ofShell("#!/bin/sh\n# Name: x\nset -e\n")).isEmpty();
        assertThatThrownBy(() -> ParamDeclarations.parseBlock("Parameters:\n  x (int, optional): y\n"))
                .hasMessageContaining("unknown attribute 'optional'");
    }

    @Test
    void commandLineTextBecomesTheDeclaredType() {
        assertThat(text(ParamType.INT, "42")).hasToString("42");
        assertThat(text(ParamType.NUMBER, "0.5")).hasToString("0.5");
        assertThat(text(ParamType.BOOL, "TRUE")).hasToString("true");
        assertThat(text(ParamType.LIST, "a, b")).hasToString("[\"a\",\"b\"]");
        assertThat(text(ParamType.LIST, "[1,2]")).hasToString("[1,2]");
        assertThat(text(ParamType.MAP, "{\"a\":1}")).hasToString("{\"a\":1}");
        assertThat(text(ParamType.JSON, "not json")).hasToString("\"not json\"");
        assertThatThrownBy(() -> text(ParamType.INT, "4.5")).isInstanceOf(InvalidParamsException.class)
                .hasMessage("--p: expected int, found '4.5'");
        assertThatThrownBy(() -> text(ParamType.MAP, "[1]")).isInstanceOf(InvalidParamsException.class);
    }

    private static JsonNode text(ParamType type, String value) {
        return ParamDeclarations.fromText(new DeclaredParam("p", type, false, null, null, ""), value);
    }

    @Test
    void declaredParamsAreCheckedBeforeRunAndGetTheirDefaults() throws Exception {
        assertThat(invoke("{\"count\": 2}")).hasToString("{\"count\":2,\"mode\":\"fast\"}");
        assertThatThrownBy(() -> invoke("{\"cuont\": 2}")).isInstanceOf(InvalidParamsException.class)
                .hasMessage("unknown parameter 'cuont' (declared: count, mode); missing required parameter 'count' (int)");
        assertThatThrownBy(() -> invoke("{\"count\": \"2\"}")).isInstanceOf(InvalidParamsException.class)
                .hasMessage("parameter 'count' must be int, found a string");
    }

    private static JsonNode invoke(String params) throws Exception {
        return ScriptletInvoker.invoke(new Echo(), Context.create("r", "run").actingAs("s", "echo"),
                Params.of((ObjectNode) JSON.readTree(params)), StepLog.NONE, Path.of("."));
    }
}
