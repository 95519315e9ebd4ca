package dev.orchestrator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.apiguardian.api.API.Status.INTERNAL;
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
                .whereLayer("event").mayOnlyBeAccessedByLayers("schedule", "execution", "report", "junit")
                .whereLayer("report").mayOnlyBeAccessedByLayers("junit")
                .whereLayer("execution").mayOnlyBeAccessedByLayers("report", "junit")
                .whereLayer("schedule").mayOnlyBeAccessedByLayers("execution", "report", "junit")
                .whereLayer("scriptlet").mayOnlyBeAccessedByLayers("recipe", "execution", "junit")
                .whereLayer("recipe").mayOnlyBeAccessedByLayers("event", "schedule", "execution", "report", "junit")
                .check(engine);
    }

    /**
     * The bus ({@code event.internal}) knows nothing of runs, recipes or reports: only the JDK and the subscriber side
     * of the API ({@code Event}, {@code Subscriber}, {@code Subscriptions}), not the run's events beside them.
     */
    @Test
    void theEventBusDependsOnNothingOfTheEngine() {
        classes().that().resideInAPackage("dev.orchestrator.event.internal..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("dev.orchestrator.event.internal..", "java..",
                        "org.apiguardian..").or(nameMatching("dev\\.orchestrator\\.event\\.(Event|Subscriber|Subscriptions)(\\$.*)?")))
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

    /** An internal package says so in its name, and holds nothing users may rely on. */
    @Test
    void publicTypesOfInternalPackagesAreInternal() {
        classes().that().resideInAPackage("..internal..").and().arePublic().and().areTopLevelClasses()
                .should(haveApiStatus(INTERNAL))
                .check(engine);
    }

    /**
     * What users may not rely on lives in an {@code internal} package, except {@link ApiSurface#INTERNAL_BESIDE_API}:
     * types that work with package-private types of an API group, which they could not reach from another package.
     */
    @Test
    void internalTypesLiveInInternalPackages() {
        classes().that(ApiSurface.status(INTERNAL)).and().resideOutsideOfPackage("..internal..")
                .should(ApiSurface.beListedBesideApi())
                .check(engine);
    }

    /** An API type shows users no internal type: not in a public or protected signature, not as a supertype. */
    @Test
    void apiTypesExposeNoInternalTypes() {
        classes().that(ApiSurface.areApi()).should(ApiSurface.exposeNoInternalType()).check(engine);
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
    private static ArchCondition<JavaClass> haveApiStatus(API.Status status) {
        return ArchCondition.from(ApiSurface.status(status)).as("be @API(status = " + status + ")");
    }

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
