package io.daxseal.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the compiled main classes of every module
 * (this module depends on all of them). Maven's module graph already keeps whole modules apart
 * (the core has no Kafka on its classpath); these rules also hold inside modules and name the
 * offending import when broken.
 */
class LayeringTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Other modules' test-jars (the coordinator's live-test context) are tests too.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.daxseal");
        if (main.size() < 100) {
            throw new AssertionError("only " + main.size() + " daxseal classes found: the rules would check nothing");
        }
    }

    private static void check(ArchRule rule) {
        rule.check(main);
    }

    @Test
    void theWireContractDependsOnNothingOfDaxseal() {
        check(classes().that().resideInAPackage("io.daxseal.events..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.daxseal.events..", "java..",
                        "com.fasterxml.jackson.."));
    }

    @Test
    void theStateMachineImportsOnlyTheWireContract() {
        check(classes().that().resideInAPackage("io.daxseal.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.daxseal.core..", "io.daxseal.events..",
                        "java.."));
    }

    @Test
    void theAgentCoreIsPure() {
        check(classes().that().resideInAPackage("io.daxseal.agent.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.daxseal.agent.core..", "io.daxseal.events..",
                        "java.."));
    }

    @Test
    void theCoordinatorLoopsOwnLogicHasNoKafkaInIt() {
        // What to decide when, group commit and the runtime's life are tested without a broker: keep them so.
        check(classes().that().resideInAPackage("io.daxseal.coordinator.loop..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.daxseal.coordinator.loop..", "java..",
                        "org.slf4j.."));
    }

    @Test
    void nothingImportsTheCommandLine() {
        check(noClasses().that().resideOutsideOfPackage("io.daxseal.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.daxseal.cli.."));
    }

    @Test
    void theProductDoesNotDependOnTheTools() {
        check(noClasses().that().resideInAnyPackage("io.daxseal.events..", "io.daxseal.core..", "io.daxseal.kafka..",
                        "io.daxseal.http..", "io.daxseal.broker..", "io.daxseal.coordinator..", "io.daxseal.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.daxseal.cli..", "io.daxseal.demo..",
                        "io.daxseal.check..", "io.daxseal.chaos..", "io.daxseal.workload..", "io.daxseal.testkit.."));
    }

    @Test
    void theCoordinatorAndTheAgentKnowOnlyTheContractNotEachOther() {
        check(noClasses().that().resideInAPackage("io.daxseal.coordinator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.daxseal.agent..", "io.daxseal.broker.."));
        check(noClasses().that().resideInAPackage("io.daxseal.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.daxseal.coordinator..", "io.daxseal.core..",
                        "io.daxseal.broker.."));
    }

    @Test
    void theSharedLayersStayBelowTheServices() {
        check(noClasses().that().resideInAnyPackage("io.daxseal.http..", "io.daxseal.kafka..", "io.daxseal.broker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.daxseal.coordinator..", "io.daxseal.agent..",
                        "io.daxseal.core.."));
    }

    @Test
    void noPackageCycles() {
        check(slices().matching("io.daxseal.(**)").should().beFreeOfCycles());
    }
}
