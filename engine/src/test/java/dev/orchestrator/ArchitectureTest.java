package dev.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's package boundaries (docs/architecture.md): data flows recipe → plan (schedule) → step runs (execution,
 * touching context) → events → reports, and the JUnit layer adapts on top without owning logic.
 */
class ArchitectureTest {

    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.orchestrator");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.orchestrator.(*)..").should().beFreeOfCycles().check(engine);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("recipe").definedBy("dev.orchestrator.recipe..")
                .layer("context").definedBy("dev.orchestrator.context..")
                .layer("scriptlet").definedBy("dev.orchestrator.scriptlet..")
                .layer("schedule").definedBy("dev.orchestrator.schedule..")
                .layer("execution").definedBy("dev.orchestrator.execution..")
                .layer("report").definedBy("dev.orchestrator.report..")
                .layer("junit").definedBy("dev.orchestrator.junit..")
                .layer("secrets").definedBy("dev.orchestrator.secrets..")
                .layer("event").definedBy("dev.orchestrator.event..")
                .whereLayer("junit").mayNotBeAccessedByAnyLayer()
                .whereLayer("secrets").mayOnlyBeAccessedByLayers("execution", "report", "junit")
                .whereLayer("event").mayOnlyBeAccessedByLayers("execution", "report", "junit")
                .whereLayer("report").mayOnlyBeAccessedByLayers("junit")
                .whereLayer("execution").mayOnlyBeAccessedByLayers("report", "junit")
                .whereLayer("schedule").mayOnlyBeAccessedByLayers("execution", "report", "junit")
                .whereLayer("scriptlet").mayOnlyBeAccessedByLayers("recipe", "execution", "junit")
                .whereLayer("recipe").mayOnlyBeAccessedByLayers("schedule", "execution", "report", "junit")
                .check(engine);
    }

    /** The event bus is the lowest layer: it knows nothing of runs, recipes or reports, only the JDK. */
    @Test
    void theEventBusDependsOnNothingOfTheEngine() {
        classes().that().resideInAPackage("dev.orchestrator.event..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.orchestrator.event..", "java..")
                .check(engine);
    }
}
