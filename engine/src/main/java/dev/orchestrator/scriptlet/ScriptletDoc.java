package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * The documentation block of a Java scriptlet: what {@code --help} prints and what {@code orchestrator doc}
 * shows. The same sections as the header block of Python and shell scriptlets.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@API(status = STABLE, since = "0.1")
public @interface ScriptletDoc {

    /** Short name, for example {@code write-json}. */
    String name();

    /** One line: what the scriptlet does. */
    String description();

    /** The command line, for example {@code java -cp … dev.orchestrator.scriptlets.WriteJson --output FILE}. */
    String usage();

    /** One entry per parameter: {@code "--output FILE  workspace-relative file to write (required)"}. */
    String[] arguments() default {};

    /**
     * The declared parameters. When present they are the contract: {@code --help} is generated from them,
     * an unknown flag or recipe param is an error, a missing required one too.
     */
    Param[] params() default {};

    /**
     * The top-level ctx keys the scriptlet reads (docs/contracts.md): checked at discovery against what the steps
     * before it write. Empty: not declared (a recipe step's {@code reads:} may still declare them).
     */
    String[] reads() default {};

    /**
     * The top-level ctx keys the scriptlet writes (docs/contracts.md): a write of any other key fails the step at
     * run time, and two steps that may run at once must not both write one. Empty: not declared, the scriptlet
     * may write anything (a recipe step's {@code writes: []} says it writes nothing).
     */
    String[] writes() default {};

    /** Example command lines. */
    String[] examples() default {};

    /** What it cannot do or needs. */
    String limitations() default "";
}
