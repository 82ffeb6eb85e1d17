package io.roomcast.gateway.rest;

import io.roomcast.schemas.ReadModelKeys;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.roomcast.gateway.rest.ratelimit.RateLimitPolicy;
import org.junit.jupiter.api.Test;

/** The pure parts of the REST API import no Redis, Kafka, Netty or Micronaut class. */
class RestArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.gateway.rest");

    @Test
    void thePureCoresImportNoInfrastructure() {
        noClasses().that().belongToAnyOf(RateLimitPolicy.class, RoomRequests.class, RoomViews.class,
                ListingCursor.class, ReadModelKeys.class)
            .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "org.apache.kafka..", "io.netty..",
                "io.micronaut..", "java.net..")
            .check(CLASSES);
    }
}
