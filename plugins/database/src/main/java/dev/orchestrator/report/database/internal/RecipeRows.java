package dev.orchestrator.report.database.internal;

import dev.orchestrator.context.internal.ContextJson;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepContract;
import dev.orchestrator.schedule.internal.Shard;
import dev.orchestrator.secrets.Masker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rows of {@code recipes} and {@code planned_steps} for {@link DatabaseWriter}: a recipe's row and its plan
 * when it starts (replacing what an earlier recipe run of the same run id left), its counts and status when it ends.
 */
final class RecipeRows {

    private RecipeRows() {
    }

    /**
     * Clears the recipe's rows of this run id (a re-run replaces them), then writes its row.
     *
     * @param description the recipe's description as stored (masked unless the database keeps secrets raw)
     */
    static void started(Connection c, String runId, Recipe recipe, String description, Optional<Shard> shard)
            throws SQLException {
        for (String table : List.of("step_results", "ctx_changes", "recipes", "planned_steps")) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ? AND recipe = ?")) {
                st.setString(1, runId);
                st.setString(2, recipe.testId());
                st.executeUpdate();
            }
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO recipes (run_id, recipe, tester, description, "
                + "source, started, shard) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, runId);
            st.setString(2, recipe.testId());
            st.setString(3, recipe.meta().tester());
            st.setString(4, description);
            st.setString(5, recipe.source().displayName());
            st.setString(6, RunDatabase.stamp(Instant.now()));
            st.setString(7, shard.map(Shard::toString).orElse(null));
            st.executeUpdate();
        }
    }

    /** Every step as planned (dependencies, masked params) and the recipe's tags, for the monitor. */
    static void plan(Connection c, String runId, Recipe recipe, Masker masker) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE recipes SET tags = ? WHERE run_id = ? AND recipe = ?")) {
            st.setString(1, jsonList(recipe.meta().tags()));
            st.setString(2, runId);
            st.setString(3, recipe.testId());
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO planned_steps (run_id, recipe, step, "
                + "idx, type, depends_on, params, ctx_reads, ctx_writes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + StepRows.replacing(List.of("idx", "type", "depends_on", "params", "ctx_reads", "ctx_writes")))) {
            for (Step step : recipe.steps()) {
                st.setString(1, runId);
                st.setString(2, recipe.testId());
                st.setString(3, step.name());
                st.setInt(4, step.idx());
                st.setString(5, step.type().yamlName());
                st.setString(6, jsonList(step.scheduling().dependsOn()));
                st.setString(7, step.target().params() == null ? null : RunDatabase.text(masker.mask(step.target().params())));
                // the declared ctx contract: null when undeclared, which differs from a declared []
                StepContract contract = step.contract();
                st.setString(8, contract.declaresReads() ? jsonList(contract.reads()) : null);
                st.setString(9, contract.declaresWrites() ? jsonList(contract.writes()) : null);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The recipe's end: its step counts (aborted counts as skipped) and its status. */
    static void finished(Connection c, String runId, Recipe recipe) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE recipes SET finished = ?,
                  passed  = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status = 'passed'),
                  failed  = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status = 'failed'),
                  skipped = (SELECT COUNT(*) FROM step_results s WHERE s.run_id = recipes.run_id AND s.recipe = recipes.recipe AND s.status IN ('skipped', 'aborted'))
                WHERE run_id = ? AND recipe = ?""")) {
            st.setString(1, RunDatabase.stamp(Instant.now()));
            st.setString(2, runId);
            st.setString(3, recipe.testId());
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE recipes SET status = CASE WHEN failed > 0 "
                + "THEN 'failed' ELSE 'passed' END WHERE run_id = ? AND recipe = ?")) {
            st.setString(1, runId);
            st.setString(2, recipe.testId());
            st.executeUpdate();
        }
    }

    private static String jsonList(List<String> values) {
        return RunDatabase.text(ContextJson.mapper().valueToTree(values));
    }
}
