package dev.orchestrator.cli.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only the CLI prints: the engine, the monitor and the bundled scriptlets (every module on the CLI's class path)
 * never touch {@code System.out} or {@code System.err}, except in a static {@code main(…, String[])} of a class
 * that is itself a command line. The engine's own {@code ArchitectureTest} holds the same rule for the engine.
 */
class ConsoleBoundaryTest {

    @Test
    void nothingButTheCliWritesToSystemOutOrErr() {
        JavaClasses all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.orchestrator");
        // the rule must see the other modules, or it would pass by checking nothing
        List<String> packages = all.stream().map(JavaClass::getPackageName).distinct().toList();
        org.assertj.core.api.Assertions.assertThat(packages)
                .contains("dev.orchestrator.monitor.internal", "dev.orchestrator.scriptlets", "dev.orchestrator.execution.internal");
        classes().that().resideOutsideOfPackage("dev.orchestrator.cli..").should(notUseTheConsole())
                .because("the engine logs through RunnerLog and the platform logger dev.orchestrator, the monitor "
                        + "answers over HTTP; the command line is the one place that prints")
                .check(all);
    }

    private static ArchCondition<JavaClass> notUseTheConsole() {
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

    private static boolean isMain(JavaCodeUnit unit) {
        List<JavaClass> parameters = unit.getRawParameterTypes();
        return unit.getName().equals("main") && unit.getModifiers().contains(JavaModifier.STATIC)
                && !parameters.isEmpty() && parameters.get(parameters.size() - 1).isEquivalentTo(String[].class);
    }
}
