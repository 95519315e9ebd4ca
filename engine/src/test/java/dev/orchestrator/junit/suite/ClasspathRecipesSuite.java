package dev.orchestrator.junit.suite;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/** A suite as consumers write it (see sample-tests); used by {@code SuiteIntegrationTest} only. */
@Suite
@IncludeEngines("orchestrator")
@SelectClasspathResource("recipes")
public class ClasspathRecipesSuite {
}
