package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Where a selected step's ctx comes from when a step it depends on is not part of the run (not in the test
 * plan: a tag filter, a line, a unique id, a rerun).
 */
@API(status = INTERNAL)
public enum Upstream {
    /** From that step's checkpoint; without one the selected step fails and says how to get one. */
    CHECKPOINT,
    /** Run that step first, as part of the run, whatever checkpoints exist. */
    RUN,
    /** From its checkpoint when one exists for the recipe as it is now, else run it first. */
    AUTO
}
