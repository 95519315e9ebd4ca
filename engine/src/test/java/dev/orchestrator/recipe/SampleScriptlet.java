package dev.orchestrator.recipe;

/** A class for {@code type: java} fixtures to name; the loader only checks that it loads. */
public final class SampleScriptlet {
}
