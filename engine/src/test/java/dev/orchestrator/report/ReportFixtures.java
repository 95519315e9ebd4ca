package dev.orchestrator.report;

import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.internal.RecipeLoader;
import dev.orchestrator.recipe.RecipeSource;
import dev.orchestrator.testing.Workspace;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Recipes for report tests (also of the report plugins, through the engine's test jar). */
public final class ReportFixtures {

    public static final String S = "dev.orchestrator.testing.Scriptlets$";

    /** Passing, retried, failing (broken and failed), skipped steps, a parallel group, tags, secrets. */
    public static final String MIXED = """
            test_meta: {test_id: mixed, tester: qa-team, description: Mixed outcomes for reports, tags: [smoke], severity: critical}
            steps:
              - idx: 1
                name: seed
                type: java
                class: %1$sPut
                params: {set: {rows: 3, name: demo}, api_token: abc123, db: {host: h1, password: hunter2}}
                success: {ctx_has_keys: [rows]}
                tags: [setup]
              - parallel:
                  - {idx: 2, name: left, type: java, class: %1$sPut, params: {set: {left: 1}}}
                  - {idx: 3, name: right, type: java, class: %1$sFlaky, params: {succeed_on: 2}, retries: 1}
              - {idx: 4, name: broken, type: java, class: %1$sFail, params: {message: disk on fire}}
              - {idx: 5, name: after_broken, type: java, class: %1$sPut}
              - {idx: 6, name: unmet, type: java, class: %1$sPut, depends_on: [seed], success: {ctx_has_keys: [missing_key]}}
            """.formatted(S);

    private ReportFixtures() {
    }

    /** The colour a few pixels inside the box's bottom-right corner (away from the text). */
    public static Color colourInside(BufferedImage image, Rectangle box) {
        return new Color(image.getRGB(box.x + box.width - 8, box.y + box.height - 6));
    }

    /** Writes {@code yaml} as {@code recipes/<file>} and loads it (it must be valid). */
    public static Recipe load(Workspace ws, String file, String yaml) {
        Path path = ws.recipe(file, yaml);
        LoadResult result = new RecipeLoader(ws.root(), ReportFixtures.class.getClassLoader())
                .load(RecipeSource.ofFile(path, ws.root()));
        if (result instanceof LoadResult.Valid valid) {
            return valid.recipe();
        }
        throw new IllegalArgumentException("invalid fixture: " + result);
    }

    /** A recipe of {@code n} steps: a chain with parallel fans every few steps. */
    public static String large(String testId, int n) {
        StringBuilder yaml = new StringBuilder("test_meta: {test_id: " + testId
                + ", tester: qa, description: a large recipe}\nsteps:\n");
        int idx = 1;
        while (idx <= n) {
            if (idx % 7 == 3 && idx + 2 <= n) {
                yaml.append("  - parallel:\n");
                for (int k = 0; k < 3; k++, idx++) {
                    yaml.append("      - {idx: ").append(idx).append(", name: step_").append(idx)
                            .append(", type: java, class: ").append(S).append("Put}\n");
                }
            } else {
                yaml.append("  - {idx: ").append(idx).append(", name: step_").append(idx)
                        .append(", type: java, class: ").append(S).append("Put}\n");
                idx++;
            }
        }
        return yaml.toString();
    }
}
