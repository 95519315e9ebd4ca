package dev.orchestrator.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Report plugins stay plugins (docs/architecture.md): the engine and the scriptlet library never name a plugin's
 * classes (they find plugins with ServiceLoader), and no plugin needs another (but the
 * Excel plugin's RunWorkbook, which reads a finished run back from the database).
 */
class PluginBoundariesTest {

    private static final String[] PLUGINS = {
        "dev.orchestrator.report.allure..", "dev.orchestrator.report.database..", "dev.orchestrator.report.excel.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importEverything() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.orchestrator");
    }

    @Test
    void theEngineNeverDependsOnAReportPlugin() {
        noClasses().that().resideOutsideOfPackages(PLUGINS).should().dependOnClassesThat().resideInAnyPackage(PLUGINS)
                .check(classes);
    }

    @Test
    void noReportPluginDependsOnAnother() {
        // one exception: RunWorkbook (orchestrator report, option run) rebuilds a finished run's workbook from the run
        // database, an optional dependency of the Excel plugin that only the CLI brings
        slices().matching("dev.orchestrator.report.(*)..").should().notDependOnEachOther()
                .ignoreDependency(JavaClass.Predicates.simpleName("RunWorkbook"),
                        JavaClass.Predicates.resideInAPackage("dev.orchestrator.report.database.."))
                // the engine's own report internals (LibraryLogging) are no plugin: every plugin may use them
                .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                        JavaClass.Predicates.resideInAPackage("dev.orchestrator.report.internal.."))
                .check(classes);
    }
}
