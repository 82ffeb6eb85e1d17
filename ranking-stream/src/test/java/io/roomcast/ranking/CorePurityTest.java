package io.roomcast.ranking;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The statistics and scoring rules are a pure core (STYLE.md, "Apache Kafka, streams/"): no Kafka,
 * Redis, Netty, Micronaut or HTTP class, so they are tested without I/O; the topology is a pure builder
 * that knows no Micronaut nor Redis.
 */
class CorePurityTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.ranking");

    @Test
    void theCoreImportsNoInfrastructure() {
        noClasses().that().resideInAPackage("io.roomcast.ranking.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.lettuce..", "io.netty..",
                "io.micronaut..", "java.net..", "org.apache.avro.io..")
            .check(CLASSES);
    }

    @Test
    void theTopologyKnowsNoMicronautNorRedis() {
        noClasses().that().resideInAPackage("io.roomcast.ranking.topology..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "io.lettuce..")
            .check(CLASSES);
    }
}
