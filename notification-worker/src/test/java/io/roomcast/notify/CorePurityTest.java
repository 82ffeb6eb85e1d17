package io.roomcast.notify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The notification rules are a pure core (STYLE.md, "Apache Kafka, streams/"): no Kafka, JDBC, Redis, Netty,
 * Micronaut or network class, so every rule is tested without I/O; the topology is a pure
 * builder that knows no Micronaut nor JDBC.
 */
class CorePurityTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.notify");

    @Test
    void theCoreImportsNoInfrastructure() {
        noClasses().that().resideInAPackage("io.roomcast.notify.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.sql..", "javax.sql..",
                "org.postgresql..", "io.lettuce..", "io.netty..", "io.micronaut..", "java.net..", "org.apache.avro.io..")
            .check(CLASSES);
    }


    @Test
    void theTopologyKnowsNoMicronautNorJdbc() {
        noClasses().that().resideInAPackage("io.roomcast.notify.topology..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "java.sql..", "javax.sql..")
            .check(CLASSES);
    }
}
