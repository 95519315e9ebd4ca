package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The type of a declared scriptlet parameter ({@link Param}); the names are those of the text blocks. */
@API(status = STABLE, since = "0.1")
public enum ParamType {
    /** Any scalar, taken as text. */
    STRING,
    /** A workspace-relative path (text). */
    PATH,
    /** An integer. */
    INT,
    /** Any number. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOL,
    /** A JSON array (on the command line: comma-separated or a JSON array). */
    LIST,
    /** A JSON object (on the command line: a JSON object). */
    MAP,
    /** Any JSON value. */
    JSON
}
