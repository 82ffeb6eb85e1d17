package io.roomcast.gateway.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The placement and fail-over rules are a pure core (STYLE.md, "Apache Kafka, streams/"): {@link EdgeAssignment},
 * {@link EdgeFailover} and {@link EdgeRegistration} use no Lettuce, Netty, Micronaut, Kafka or Micrometer class;
 * {@link MediaEdgeDirectory} is their Redis adapter.
 */
class MediaArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.gateway.media");

    @Test
    void thePlacementAndFailoverRulesImportNoInfrastructure() {
        noClasses().that().haveSimpleNameStartingWith("EdgeAssignment")
            .or().haveSimpleNameStartingWith("EdgeFailover").or().haveSimpleNameStartingWith("EdgeRegistration")
            .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.netty..", "io.micronaut..",
                "org.apache.kafka..", "io.micrometer..", "java.net..", "jakarta.inject..")
            .check(CLASSES);
    }
}
