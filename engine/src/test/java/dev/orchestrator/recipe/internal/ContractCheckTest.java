package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.recipe.ContractScriptlet;
import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.StepContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reads:/writes: and scriptlet-declared ctx keys are checked against the step graph at discovery, with positions. */
class ContractCheckTest {

    private static final String META = "test_meta: {test_id: c, tester: qa, description: contracts}\nsteps:\n";
    private static final String SH = "type: shell, cmd: scriptlets/shell/step.sh";

    @TempDir
    Path dir;

    private TestWorkspace ws;

    @BeforeEach
    void setUp() {
        ws = new TestWorkspace(dir);
    }

    private List<String> problems(String steps) {
        LoadResult result = ws.loadText("r.yaml", META + steps);
        return result instanceof LoadResult.Invalid invalid
                ? invalid.problems().stream().map(p -> p.position() + " " + p.message()).toList()
                : List.of();
    }

    private Recipe valid(String steps) {
        LoadResult result = ws.loadText("r.yaml", META + steps);
        assertThat(result).as("%s", result).isInstanceOf(LoadResult.Valid.class);
        return ((LoadResult.Valid) result).recipe();
    }

    @Test
    void aReadOfAKeyNoUpstreamStepWritesIsAnErrorAtTheKeyWithTheNearestWrittenKey() {
        assertThat(problems("  - {idx: 1, name: load, " + SH + ", writes: [rows]}\n"
                + "  - {idx: 2, name: sum, " + SH + ", reads: [rows], writes: [total]}\n"
                + "  - {idx: 3, name: report, " + SH + ", reads: [totl, test_meta]}\n"))
                .containsExactly("5:80 step 'report' reads ctx key 'totl', which no step before it writes: every step"
                        + " it depends on declares its writes (load, sum) and none writes it; did you mean 'total'?");
    }

    @Test
    void aFirstStepMayReadTestMetaOnly() {
        assertThat(problems("  - {idx: 1, name: first, " + SH + ", reads: [test_meta, input]}\n"))
                .containsExactly("3:90 step 'first' reads ctx key 'input', which no step before it writes: it depends"
                        + " on no step, and the ctx starts with test_meta only");
    }

    @Test
    void aReadIsNotJudgedWhenAnUpstreamStepDeclaresNoWrites() {
        valid("  - {idx: 1, name: anything, " + SH + "}\n"
                + "  - {idx: 2, name: report, " + SH + ", reads: [whatever]}\n");
    }

    @Test
    void aWriterThatIsNotUpstreamIsNamedWithTheFix() {
        assertThat(problems("  - {idx: 1, name: report, " + SH + ", reads: [total], depends_on: []}\n"
                + "  - {idx: 2, name: sum, " + SH + ", writes: [total]}\n"))
                .containsExactly("3:80 step 'report' reads ctx key 'total', which no step before it writes: it depends"
                        + " on no step, and the ctx starts with test_meta only; step 'sum' writes it but is not upstream"
                        + " of 'report' (add it to depends_on)");
    }

    @Test
    void twoStepsThatMayRunAtOnceMustNotWriteOneKey() {
        assertThat(problems("""
                  - {idx: 1, name: load, %s, writes: [rows]}
                  - parallel:
                      - {idx: 2, name: left, %s, writes: [total, left]}
                      - {idx: 3, name: right, %s, writes: [right, total]}
                """.formatted(SH, SH, SH)))
                .containsExactly("6:91 ctx key 'total' is written by step 'left' (line 5) and step 'right', which may run"
                        + " at the same time (neither depends on the other): its value would depend on which finishes"
                        + " last; make one depend on the other, or write different keys");
    }

    @Test
    void stepsInSequenceMayWriteOneKey() {
        Recipe recipe = valid("  - {idx: 1, name: first, " + SH + ", writes: [total]}\n"
                + "  - {idx: 2, name: middle, " + SH + ", writes: []}\n"
                + "  - {idx: 3, name: second, " + SH + ", reads: [total], writes: [total]}\n");
        StepContract middle = recipe.steps().get(1).contract();
        assertThat(middle.declaresWrites()).isTrue();
        assertThat(middle.declaresReads()).isFalse();
        assertThat(middle.mayWrite("total")).isFalse();
        assertThat(recipe.steps().get(2).contract().reads()).containsExactly("total");
        assertThat(recipe.steps().get(2).contract().readAt("total")).isEqualTo(new Position(5, 80));
    }

    @Test
    void contractsAreNotDefaultsAndTheirItemsAreUniqueKeys() {
        assertThat(problems("  - {idx: 1, name: s, " + SH + ", writes: [a, a, 3, '']}\n"))
                .containsExactly("3:82 expected a string for an item of 'writes', found an integer ('3')");
        assertThat(problems("  - {idx: 1, name: s, " + SH + ", writes: [a, a, '']}\n"))
                .containsExactly("3:79 ctx key 'a' is listed twice in writes of step 's'",
                        "3:82 expected a ctx key in 'writes', found an empty string");
        assertThat(ws.loadText("d.yaml", "test_meta: {test_id: d, tester: qa, description: d}\n"
                + "defaults: {writes: [x]}\nsteps:\n  - {idx: 1, name: s, " + SH + "}\n"))
                .asString().contains("'writes' cannot be a default: it belongs to one step");
    }

    @Test
    void scriptletsDeclareTheirKeysInJavaPythonAndShell() {
        ws.write("scriptlets/python/steps/summer.py", """
                \"\"\"
                Reads:
                    rows: the parsed rows.
                Writes:
                    total: their sum.
                        (a continuation line of the help)
                \"\"\"
                class StepSum:
                    pass
                """);
        ws.write("scriptlets/shell/loader.sh", "#!/usr/bin/env bash\n# Writes:\n#     rows\n#     raw\nset -Eeuo pipefail\n");
        Recipe recipe = valid("""
                  - {idx: 1, name: load, type: shell, cmd: scriptlets/shell/loader.sh}
                  - {idx: 2, name: sum, type: python, module: scriptlets.python.steps.summer, function: StepSum}
                  - {idx: 3, name: again, type: java, class: dev.orchestrator.recipe.ContractScriptlet, reads: [total]}
                """);
        assertThat(recipe.steps().get(0).contract().writes()).containsExactly("rows", "raw");
        assertThat(recipe.steps().get(1).contract().reads()).containsExactly("rows");
        assertThat(recipe.steps().get(1).contract().writeAt("total")).isEqualTo(new Position(4, 47));
        // the recipe's reads: wins over the class's; its writes come from the class
        assertThat(recipe.steps().get(2).contract().reads()).containsExactly("total");
        assertThat(recipe.steps().get(2).contract().writes()).containsExactly("total");
        assertThat(dev.orchestrator.scriptlet.ScriptletCli.help(ContractScriptlet.class))
                .contains("Reads:\n  raw\n\nWrites:\n  total");
        assertThat(problems("  - {idx: 1, name: alone, type: java, class: dev.orchestrator.recipe.ContractScriptlet}\n"))
                .containsExactly("3:46 step 'alone' reads ctx key 'raw', which no step before it writes: it depends on"
                        + " no step, and the ctx starts with test_meta only");
    }

    @Test
    void aMalformedScriptletDeclarationIsReportedWhereTheStepNamesIt() {
        ws.write("scriptlets/shell/twice.sh", "#!/bin/sh\n# Writes:\n#     a\n#     a\n");
        assertThat(problems("  - {idx: 1, name: s, type: shell, cmd: scriptlets/shell/twice.sh}\n"))
                .containsExactly("3:41 shell scriptlet 'scriptlets/shell/twice.sh' declares its ctx keys wrongly:"
                        + " writes: ctx key 'a' is listed twice");
    }

    @Test
    void dataEdgesGoFromTheNearestWriterToEachReader() {
        Recipe recipe = valid("""
                  - {idx: 1, name: load, %s, writes: [rows, total]}
                  - {idx: 2, name: sum, %s, reads: [rows], writes: [total]}
                  - {idx: 3, name: report, %s, reads: [rows, total, test_meta]}
                """.formatted(SH, SH, SH));
        assertThat(DataFlow.of(recipe).edges()).containsExactly(
                new DataFlow.Edge("load", "sum", List.of("rows")),
                new DataFlow.Edge("load", "report", List.of("rows")),
                new DataFlow.Edge("sum", "report", List.of("total")));
    }
}
