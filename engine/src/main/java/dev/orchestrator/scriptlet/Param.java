package dev.orchestrator.scriptlet;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * One declared parameter of a Java scriptlet, listed in {@link ScriptletDoc#params()}. The declaration is
 * the single source of the scriptlet's {@code --help}, its command-line parsing (an unknown flag exits 2),
 * the recipe's {@code params} validation at discovery and its entry in {@code orchestrator doc}.
 * Python and shell scriptlets declare the same facts in a {@code Parameters:} block of their header
 * (see {@code docs/scriptlet-params.md}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
@API(status = STABLE, since = "0.1")
public @interface Param {

    /** The name: the key under {@code params} in a recipe and the flag {@code --name} on the command line. */
    String name();

    /** The JSON type the value must have. */
    ParamType type() default ParamType.STRING;

    /** A required parameter missing from a recipe is a validation error before anything runs. */
    boolean required() default false;

    /** The default, as it would be written on the command line; empty: none. */
    String defaultValue() default "";

    /** One sentence: what the parameter means. */
    String help();
}
