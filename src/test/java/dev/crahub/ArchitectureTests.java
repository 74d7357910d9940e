package dev.crahub;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rules: features free of cycles, Camel only in the wiring, FOP only in document, no field injection. */
class ArchitectureTests {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.crahub");
    }

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching("dev.crahub.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void businessClassesDoNotImportCamel() {
        noClasses().that().resideOutsideOfPackage("dev.crahub.camel..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .because("routes say where and when; Java business classes stay plain and testable")
                .check(classes);
    }

    @Test
    void fopStaysInsideDocument() {
        noClasses().that().resideOutsideOfPackage("dev.crahub.document..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.fop..", "net.sf.saxon..")
                .check(classes);
    }

    @Test
    void documentAndSystemKnowNoFeature() {
        noClasses().that().resideInAnyPackage("dev.crahub.document..", "dev.crahub.system..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crahub.referential..", "dev.crahub.timesheet..",
                        "dev.crahub.cra..", "dev.crahub.invoice..", "dev.crahub.delivery..", "dev.crahub.camel..",
                        "dev.crahub.demo..", "dev.crahub.expense..")
                .check(classes);
    }

    @Test
    void featuresDependOnlyUpstream() {
        noClasses().that().resideInAPackage("dev.crahub.referential..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crahub.timesheet..", "dev.crahub.cra..",
                        "dev.crahub.invoice..", "dev.crahub.delivery..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.crahub.referential..")
                .should().dependOnClassesThat().resideInAPackage("dev.crahub.expense..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.crahub.expense..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crahub.cra..", "dev.crahub.invoice..",
                        "dev.crahub.delivery..")
                .because("invoices read expenses, never the other way round")
                .check(classes);
        noClasses().that().resideInAPackage("dev.crahub.cra..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crahub.invoice..", "dev.crahub.delivery..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.crahub.invoice..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crahub.delivery..")
                .check(classes);
    }

    @Test
    void noFieldInjection() {
        noFields().should().beAnnotatedWith(org.springframework.beans.factory.annotation.Autowired.class)
                .check(classes);
    }
}
