package io.roomcast.gateway.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The client protocol is a pure core (STYLE.md, "Apache Kafka, streams/"): Jackson and the generated
 * Avro event classes only; no Netty, Micronaut, Kafka client, Lettuce or network class, so every rule
 * is tested without I/O and the WebSocket adapter plugs in from outside.
 */
class ProtocolArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.gateway.protocol");

    @Test
    void theProtocolImportsNoInfrastructure() {
        noClasses().that().resideInAPackage("io.roomcast.gateway.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.micronaut..", "org.apache.kafka..",
                "io.lettuce..", "java.net..", "java.net.http..", "org.apache.avro.io..")
            .check(CLASSES);
    }

    @Test
    void theProtocolDoesNotDependOnTheFanout() {
        noClasses().that().resideInAPackage("io.roomcast.gateway.protocol..")
            .should().dependOnClassesThat().resideInAPackage("io.roomcast.gateway.fanout..")
            .check(CLASSES);
    }
}
