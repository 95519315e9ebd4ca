package dev.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's package boundaries (docs/architecture.md): data flows recipe → plan (schedule) → step runs (execution,
 * touching context) → events → reports, and the JUnit layer adapts on top without owning logic. Every public type
 * says whether users may rely on it ({@code @API}), and the engine never writes to the console itself.
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

    /** The event bus is the lowest layer: it knows nothing of runs, recipes or reports, only the JDK (and its @API marks). */
    @Test
    void theEventBusDependsOnNothingOfTheEngine() {
        classes().that().resideInAPackage("dev.orchestrator.event..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.orchestrator.event..", "java..", "org.apiguardian..")
                .check(engine);
    }

    @Test
    void everyPublicTopLevelTypeSaysWhetherItIsApi() {
        classes().that().arePublic().and().areTopLevelClasses()
                .should().beAnnotatedWith(API.class)
                .because("users must see what they may rely on: @API(status = STABLE / EXPERIMENTAL / …) for what they "
                        + "touch, INTERNAL for the rest (docs/architecture.md)")
                .check(engine);
    }

    @Test
    void theEngineNeverWritesToSystemOutOrErr() {
        classes().should(notUseTheConsole())
                .because("the runner says things through RunnerLog (Logs/orchestrator.log) and the platform logger "
                        + "dev.orchestrator; only a command line's own main prints")
                .check(engine);
    }

    /**
     * No access to {@code System.out} or {@code System.err}, except from a static {@code main(…, String[])}: a class
     * that is itself a command line (a scriptlet's {@code ScriptletCli.main(scriptlet, args)}, the bridge's
     * child-JVM side) prints its results.
     */
    static ArchCondition<JavaClass> notUseTheConsole() {
        return new ArchCondition<>("not use System.out or System.err outside a main method") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                type.getFieldAccessesFromSelf().stream()
                        .filter(access -> access.getTargetOwner().isEquivalentTo(System.class)
                                && (access.getName().equals("out") || access.getName().equals("err")))
                        .filter(access -> !isMain(access.getOrigin()))
                        .forEach(access -> events.add(SimpleConditionEvent.violated(access, access.getDescription())));
            }
        };
    }

    private static boolean isMain(com.tngtech.archunit.core.domain.JavaCodeUnit unit) {
        return unit.getName().equals("main")
                && unit.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)
                && !unit.getRawParameterTypes().isEmpty()
                && unit.getRawParameterTypes().get(unit.getRawParameterTypes().size() - 1).isEquivalentTo(String[].class);
    }
}
