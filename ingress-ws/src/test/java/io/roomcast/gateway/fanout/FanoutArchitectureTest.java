package io.roomcast.gateway.fanout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Fan-out and resume are a pure core (STYLE.md, "Apache Kafka, streams/"): no Netty, Micronaut,
 * Kafka client or Lettuce class, so they are unit-tested in milliseconds and the adapters stay thin.
 */
class FanoutArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.gateway.fanout");

    @Test
    void theFanoutCoreImportsNoInfrastructure() {
        noClasses().that().resideInAPackage("io.roomcast.gateway.fanout..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.micronaut..", "org.apache.kafka..",
                "io.lettuce..", "io.micrometer..", "java.net..")
            .check(CLASSES);
    }

    @Test
    void theFanoutCoreDoesNotDependOnTheWireProtocol() {
        // Frames arrive encoded; the protocol package encodes them, fan-out only routes them.
        noClasses().that().resideInAPackage("io.roomcast.gateway.fanout..")
            .should().dependOnClassesThat().resideInAnyPackage("io.roomcast.gateway.protocol..",
                "com.fasterxml.jackson..")
            .check(CLASSES);
    }
}
