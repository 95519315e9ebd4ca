package dev.orchestrator.bench.cucumber;

import io.cucumber.java.en.Given;

/** Baseline (b) of the engine-overhead benchmark: the glue of the generated one-step scenarios. */
public class NoopSteps {

    /** The feature's only step; does nothing. */
    public static final String STEP = "nothing happens";

    @Given("nothing happens")
    public void nothingHappens() {
        // a no-op on purpose: what is measured is Cucumber's cost per scenario
    }
}
