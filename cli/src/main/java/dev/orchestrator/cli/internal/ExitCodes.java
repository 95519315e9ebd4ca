package dev.orchestrator.cli.internal;

/** The exit codes of every command (docs/cli.md). */
final class ExitCodes {

    /** Everything passed. */
    static final int OK = 0;
    /** A step failed. */
    static final int FAILED = 1;
    /** Invalid usage, parameters or recipe. */
    static final int INVALID = 2;

    private ExitCodes() {
    }
}
