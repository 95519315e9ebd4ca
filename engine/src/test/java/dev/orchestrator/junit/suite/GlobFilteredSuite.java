package dev.orchestrator.junit.suite;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/** A suite whose orchestrator.recipes glob matches none of its recipes; used by {@code LauncherSelectionTest}. */
@Suite
@IncludeEngines("orchestrator")
@SelectClasspathResource("recipes")
@ConfigurationParameter(key = "orchestrator.recipes", value = "recipes/nothing-*.yaml")
public class GlobFilteredSuite {
}
