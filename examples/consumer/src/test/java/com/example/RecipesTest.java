package com.example;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/** Runs every recipe under src/test/resources/recipes: each recipe a container, each step a test. */
@Suite
@IncludeEngines("orchestrator")
@SelectClasspathResource("recipes")
class RecipesTest {
}
