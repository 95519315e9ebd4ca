package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step whose scriptlet declares its parameters has its params/args checked at discovery, with positions. */
class DeclaredParamsCheckTest {

    private static final String META = "test_meta: {test_id: p, tester: qa, description: declared params}\nsteps:\n";

    @TempDir
    Path dir;

    private TestWorkspace ws;

    @BeforeEach
    void setUp() {
        ws = new TestWorkspace(dir);
        ws.write("scriptlets/python/steps/declared.py", """
                \"\"\"
                Name:
                    declared

                Parameters:
                    input (path, required): the CSV.
                    precision (int, default=3): digits.
                \"\"\"

                class StepDeclared:
                    pass
                """);
        ws.write("scriptlets/shell/declared.sh", """
                #!/usr/bin/env bash
                # Parameters:
                #     input (path, required, env=INPUT): the CSV.
                #     limit (int): the most rows.
                #     cols (list): columns.
                set -Eeuo pipefail
                """);
    }

    private List<String> problems(String steps) {
        LoadResult result = ws.loadText("r.yaml", META + steps);
        return result instanceof LoadResult.Invalid invalid
                ? invalid.problems().stream().map(p -> p.position() + " " + p.message()).toList()
                : List.of();
    }

    @Test
    void anUnknownJavaParamIsAnErrorAtItsKeyWithTheNearestName() {
        assertThat(problems("""
                  - idx: 1
                    name: s
                    type: java
                    class: dev.orchestrator.recipe.DeclaredScriptlet
                    params: {output: a.json, prety: false}
                """)).containsExactly("7:30 unknown parameter 'prety' in params of step 's': "
                + "dev.orchestrator.recipe.DeclaredScriptlet does not declare it; did you mean 'pretty'?");
    }

    @Test
    void aMissingRequiredParamIsReportedAtParamsOrAtTheStep() {
        assertThat(problems("""
                  - idx: 1
                    name: s
                    type: java
                    class: dev.orchestrator.recipe.DeclaredScriptlet
                    params:
                      pretty: true
                """)).containsExactly("7:5 missing required parameter 'output' (path) in params of step 's': "
                + "dev.orchestrator.recipe.DeclaredScriptlet requires it");
        assertThat(problems("  - {idx: 1, name: s, type: java, class: dev.orchestrator.recipe.DeclaredScriptlet}\n"))
                .singleElement().asString().startsWith("3:6 missing required parameter 'output'");
    }

    @Test
    void aValueOfTheWrongJsonTypeIsAnError() {
        assertThat(problems("""
                  - idx: 1
                    name: s
                    type: python
                    module: scriptlets.python.steps.declared
                    function: StepDeclared
                    params:
                      input: data.csv
                      precision: "3"
                """)).containsExactly("10:7 parameter 'precision' in params of step 's' must be int, found a string ('3')");
    }

    @Test
    void shellArgsAreCheckedAsTheTextTheScriptReceives() {
        assertThat(problems("""
                  - idx: 1
                    name: s
                    type: shell
                    cmd: scriptlets/shell/declared.sh
                    args: {input: a.csv, limit: "12", cols: [a, b]}
                """)).isEmpty();
        assertThat(problems("""
                  - idx: 1
                    name: s
                    type: shell
                    cmd: scriptlets/shell/declared.sh
                    args: {limit: many, colz: a}
                """)).containsExactly(
                "7:5 missing required parameter 'input' (path) in args of step 's': scriptlets/shell/declared.sh requires it",
                "7:12 parameter 'limit' in args of step 's' must be int, found 'many'",
                "7:25 unknown parameter 'colz' in args of step 's': scriptlets/shell/declared.sh does not declare it;"
                        + " did you mean 'cols'?");
    }

    @Test
    void aScriptletWithoutADeclarationIsNotChecked() {
        assertThat(problems("""
                  - idx: 1
                    name: s
                    type: java
                    class: dev.orchestrator.recipe.SampleScriptlet
                    params: {anything: [1, 2]}
                  - idx: 2
                    name: t
                    type: shell
                    cmd: scriptlets/shell/step.sh
                    args: {whatever: 1}
                """)).isEmpty();
    }

    @Test
    void aMalformedDeclarationIsReportedWhereTheScriptletIsNamed() {
        ws.write("scriptlets/shell/broken.sh", "#!/bin/sh\n# Parameters:\n#     input (file): x\n");
        assertThat(problems("  - {idx: 1, name: s, type: shell, cmd: scriptlets/shell/broken.sh}\n"))
                .singleElement().asString()
                .startsWith("3:41 shell scriptlet 'scriptlets/shell/broken.sh' declares its parameters wrongly: "
                        + "Parameters: input: the type must come first");
    }
}
