package dev.orchestrator.samples;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/**
 * The one entry point Surefire needs: runs every recipe of the workspace's {@code recipes/} folder through
 * the {@code orchestrator} engine. The pom puts {@code ../recipes} on the test class path; the engine runs
 * each recipe from its workspace file (so reports and IDEs point at {@code recipes/x.yaml}, not a copy).
 */
@Suite
@IncludeEngines("orchestrator")
@SelectClasspathResource("recipes")
class RecipesTest {
}
